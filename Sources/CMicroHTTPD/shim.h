#ifndef FACTEUR_CMICROHTTPD_SHIM_H
#define FACTEUR_CMICROHTTPD_SHIM_H
#include <stdarg.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <microhttpd.h>

/*
 * Swift cannot call C variadic functions, so the few variadic entry points facteur needs
 * are wrapped here in fixed-signature helpers. They only forward arguments.
 */

/* MHD_start_daemon with every option passed through one MHD_OPTION_ARRAY (microhttpd.h). */
static inline struct MHD_Daemon *
facteur_mhd_start_daemon(unsigned int flags,
                         MHD_AccessHandlerCallback handler,
                         void *handler_cls,
                         struct MHD_OptionItem *options)
{
    return MHD_start_daemon(flags, 0, NULL, NULL, handler, handler_cls,
                            MHD_OPTION_ARRAY, options,
                            MHD_OPTION_END);
}

/* The peer address of a connection, or NULL when MHD does not know it. */
static inline const struct sockaddr *
facteur_mhd_client_address(struct MHD_Connection *connection)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    return info == NULL ? NULL : info->client_addr;
}

/*
 * Options that take a function pointer and a closure: MHD_OPTION_ARRAY expects the function
 * in the integer slot, a cast Swift cannot spell without unsafeBitCast.
 */
static inline struct MHD_OptionItem
facteur_mhd_option_notify_completed(MHD_RequestCompletedCallback callback, void *cls)
{
    struct MHD_OptionItem item = { MHD_OPTION_NOTIFY_COMPLETED, (intptr_t) callback, cls };
    return item;
}

static inline struct MHD_OptionItem
facteur_mhd_option_uri_log(void *(*callback)(void *cls, const char *uri, struct MHD_Connection *connection),
                           void *cls)
{
    struct MHD_OptionItem item = { MHD_OPTION_URI_LOG_CALLBACK, (intptr_t) callback, cls };
    return item;
}

static inline struct MHD_OptionItem
facteur_mhd_option_logger(MHD_LogCallback callback, void *cls)
{
    struct MHD_OptionItem item = { MHD_OPTION_EXTERNAL_LOGGER, (intptr_t) callback, cls };
    return item;
}

#endif
