#ifndef FACTEUR_CCURL_SHIM_H
#define FACTEUR_CCURL_SHIM_H
#include <curl/curl.h>
#endif
