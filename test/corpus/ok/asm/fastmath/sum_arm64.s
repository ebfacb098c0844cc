#include "textflag.h"
#include "go_asm.h"
#include "frame.h"

// func scaledSum(a, b int64) int64
TEXT ·scaledSum(SB), NOSPLIT, SCALEDSUM_FRAME
	MOVD a+0(FP), R0
	MOVD b+8(FP), R1
	ADD R1, R0, R0
	MOVD $const_scale, R2
	MUL R2, R0, R0
	MOVD R0, ret+16(FP)
	RET
