#ifndef FACTEUR_BUILD_INFO_H
#define FACTEUR_BUILD_INFO_H

/// The release version this binary was built as.
const char *facteur_build_version(void);

/// The source commit this binary was built from.
const char *facteur_build_commit(void);

#endif
