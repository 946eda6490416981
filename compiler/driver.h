/*
 * driver.h: the command line as a function (driver.c). Included by main.c and by tests that run
 * the whole tool in-process; stages never include it.
 */
#ifndef APC_DRIVER_H
#define APC_DRIVER_H

/* Run apc with these arguments (argv[0] is the program name, argv[1] the command): parse the
 * options, open the session, run check, build or render, close the session. Returns the exit
 * status: 0 no errors, 1 errors found, 2 the run failed. Output goes to stdout and stderr. */
int driver_main(int argc, char **argv);

#endif
