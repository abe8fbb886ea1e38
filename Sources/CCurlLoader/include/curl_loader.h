#ifndef FACTEUR_CURL_LOADER_H
#define FACTEUR_CURL_LOADER_H

/*
 * libcurl is opened with dlopen(3) on first use instead of being linked: its dependency
 * chain (GnuTLS, OpenSSL, LDAP, Kerberos, ...) costs milliseconds of start-up in every
 * process, including the many that never make an HTTP call (`facteur version`, dry-run
 * serving). This file defines the libcurl entry points facteur calls; each forwards to
 * the real one in libcurl.so.4.
 */

/* Why libcurl could not be loaded, or NULL when it is loaded (or not yet tried). */
const char *facteur_curl_load_error(void);

#endif
