// Frame of scaledSum: no locals, two int64 arguments and one int64 result.
#define SCALEDSUM_FRAME $0-24
