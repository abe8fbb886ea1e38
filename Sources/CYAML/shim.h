#ifndef FACTEUR_CYAML_SHIM_H
#define FACTEUR_CYAML_SHIM_H
#include <yaml.h>
#endif
