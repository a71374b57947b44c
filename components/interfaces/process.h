/* process.h: the Process interface (posix only): command line and exit. */
#ifndef IF_PROCESS_H
#define IF_PROCESS_H
#include "interfaces/types.h"

/** What a host program needs from its environment. */
struct Process_if {
    /** @command Number of command-line arguments (argv[0] included). */
    int (*argc)(void);
    /** @command Argument i, or NULL past the end. */
    const char *(*arg)(int i);
    /** @command End the run loop; the program exits with status. */
    void (*exit)(int status);
};
#endif
