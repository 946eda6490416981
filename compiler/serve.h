/*
 * serve.h: `apc serve`, the local review page (serve.c). Included by the command dispatch only.
 */
#ifndef APC_SERVE_H
#define APC_SERVE_H

/* Run `apc serve [options]`: argv[0] is "serve". Returns the exit status (0 after SIGTERM or
 * SIGINT once the requests in flight are answered; 2 when the server cannot start). */
int serve_main(int argc, char **argv);

#endif
