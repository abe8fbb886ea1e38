#ifndef FACTEUR_CSODIUM_SHIM_H
#define FACTEUR_CSODIUM_SHIM_H
#include <sodium.h>
#endif
