/* posix_entropy.c: PosixEntropy, the posix Entropy provider: getrandom()
 * from the kernel's CSPRNG (blocks only until the pool is first seeded,
 * early at boot). Retries on EINTR and continues after short reads, which
 * getrandom() may return for requests over 256 bytes. */
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "interfaces/entropy.h"
#include "interfaces/log.h"

static void posixentropy_log_error(int err)
{
    if (PosixEntropy__log__begin(LOG_ERROR, "entropy")) {
        PosixEntropy__log__str("getrandom: ");
        PosixEntropy__log__str(strerror(err));
        PosixEntropy__log__end();
    }
}

err_t PosixEntropy__entropy__fill(uint8_t *buf, uint16_t len)
{
    size_t done = 0;
    if (len && !buf)
        return E_FAIL;
    while (done < len) {
        ssize_t n = getrandom(buf + done, (size_t)len - done, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            posixentropy_log_error(n < 0 ? errno : EIO);
            return E_FAIL;
        }
        done += (size_t)n;
    }
    return E_OK;
}
