#include "build_info.h"

const char *facteur_build_version(void) { return FACTEUR_VERSION; }

const char *facteur_build_commit(void) { return FACTEUR_COMMIT; }
