#include <zlib.h>

// inflateInit2 is a macro Swift cannot import. 15 + 32: any window size, gzip or zlib header.
static inline int czlib_inflate_init(z_stream *stream) { return inflateInit2(stream, 15 + 32); }
