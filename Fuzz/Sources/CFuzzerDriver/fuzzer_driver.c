// Declarations only: LLVMFuzzerRunDriver comes from the libFuzzer runtime that
// `-sanitize=fuzzer` links in. SwiftPM needs one source file per C target.
#include "fuzzer_driver.h"
