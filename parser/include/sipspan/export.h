/* sipspan/export.h — SIPSPAN_API marks what the shared libraries export.
 *
 * libsipspan.so and libsipspan_score.so are compiled with hidden symbol
 * visibility (-fvisibility=hidden): only the declarations of the public
 * headers that carry SIPSPAN_API (the C API of sipspan.h, the C++ functions
 * and the classes with out-of-line members) are in their dynamic symbol
 * tables; what the library keeps to itself (sipspan::detail, the scanners,
 * the lint and score internals) is not, so a program cannot come to depend
 * on it. tests/abi/symbols.txt lists what each release exports.
 *
 * Included by every public header, C and C++ alike. A compiler without the
 * GNU visibility attribute exports everything, as before.
 */
#ifndef SIPSPAN_EXPORT_H
#define SIPSPAN_EXPORT_H

#if defined(__GNUC__) || defined(__clang__)
#define SIPSPAN_API __attribute__((visibility("default")))
#else
#define SIPSPAN_API
#endif

#endif /* SIPSPAN_EXPORT_H */
