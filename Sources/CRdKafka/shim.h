#ifndef FACTEUR_CRDKAFKA_SHIM_H
#define FACTEUR_CRDKAFKA_SHIM_H
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#endif
