/*
 * serve.h: `apc serve`, the local review page (serve.c). Included by the command dispatch only.
 */
#ifndef APC_SERVE_H
#define APC_SERVE_H

#include "apc.h"

/* Run `apc serve [options]`: argv[0] is "serve"; its messages are in lang. Returns the exit
 * status (0 after SIGTERM or SIGINT once the requests in flight are answered; 2 when the
 * server cannot start). */
int serve_main(int argc, char **argv, apc_lang lang);

#endif
