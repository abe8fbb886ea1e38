#ifndef FACTEUR_CHIREDIS_SHIM_H
#define FACTEUR_CHIREDIS_SHIM_H
#include <hiredis/hiredis.h>

/* The context's error text; Swift sees `errstr` as a tuple of 128 CChars otherwise. */
static inline const char *facteur_redis_error_text(const redisContext *context) {
    return context->errstr;
}

/* redisCommandArgv with its reply typed; NULL means the context failed and is unusable. */
static inline redisReply *facteur_redis_command_argv(
    redisContext *context,
    int argc,
    const char **argv,
    const size_t *argvlen
) {
    return (redisReply *)redisCommandArgv(context, argc, argv, argvlen);
}

#endif
