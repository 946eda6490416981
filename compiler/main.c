/*
 * main.c: the apc program. Everything it does is in driver.c, so that tests and fuzzers can
 * run the whole tool in-process.
 */
#include "driver.h"

int
main(int argc, char **argv)
{
	return driver_main(argc, argv);
}
