#ifndef FACTEUR_CHIREDIS_SHIM_H
#define FACTEUR_CHIREDIS_SHIM_H
#include <hiredis/hiredis.h>
#endif
