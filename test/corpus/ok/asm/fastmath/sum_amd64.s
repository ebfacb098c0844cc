#include "textflag.h"
#include "go_asm.h"
#include "frame.h"

// func scaledSum(a, b int64) int64
TEXT ·scaledSum(SB), NOSPLIT, SCALEDSUM_FRAME
	MOVQ a+0(FP), AX
	MOVQ b+8(FP), BX
	ADDQ BX, AX
	IMULQ $const_scale, AX
	MOVQ AX, ret+16(FP)
	RET
