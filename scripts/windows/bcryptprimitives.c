/* A stand-in for bcryptprimitives.dll, loaded only by the tests under Wine (scripts/wine-test.sh
 * puts it beside the test executables). Rust's standard library takes its random numbers from
 * ProcessPrng, which Debian 12's Wine 8.0 does not export: without it every Rust program exits
 * at start with status 53. RtlGenRandom (SystemFunction036) is the older documented source of
 * the same random bytes. Never shipped: real Windows has the function. */
#include <windows.h>

#define RtlGenRandom SystemFunction036
BOOLEAN WINAPI RtlGenRandom(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x7fffffff ? 0x7fffffff : (ULONG)length;
        if (!RtlGenRandom(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
