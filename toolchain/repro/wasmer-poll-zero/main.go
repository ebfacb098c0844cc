//go:build wasip1

// Command pollzero isolates the call that hangs Go programs under
// @wasmer/sdk: poll_oneoff with one relative clock subscription whose
// timeout is 0.
//
//	pollzero poll NS     call poll_oneoff directly with a timeout of NS nanoseconds
//	pollzero gc FILE     open FILE (this starts Go's netpoller), then collect garbage;
//	                     the collection ends with netpoll(0), which is poll_oneoff(timeout=0)
//	pollzero gc          collect garbage without opening a file (no netpoller: no poll)
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"unsafe"
)

//go:wasmimport wasi_snapshot_preview1 poll_oneoff
func pollOneoff(in, out unsafe.Pointer, nsubscriptions uint32, nevents unsafe.Pointer) uint32

const clockMonotonic = 1

func poll(timeout uint64) {
	// struct subscription: userdata u64 @0, tag u8 @8, clock{id u32 @16, timeout u64 @24, precision u64 @32, flags u16 @40}
	var sub [6]uint64
	var ev [4]uint64
	var n uint32
	sub[0] = 42
	sub[2] = clockMonotonic
	sub[3] = timeout
	fmt.Printf("poll_oneoff(clock monotonic, relative timeout %d ns) ...\n", timeout)
	errno := pollOneoff(unsafe.Pointer(&sub), unsafe.Pointer(&ev), 1, unsafe.Pointer(&n))
	fmt.Printf("returned errno=%d nevents=%d userdata=%d\n", errno, n, ev[0])
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: pollzero poll NS | gc [FILE]")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "poll":
		ns, err := strconv.ParseUint(os.Args[2], 10, 64)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		poll(ns)
	case "gc":
		if len(os.Args) > 2 {
			f, err := os.Open(os.Args[2])
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			defer f.Close()
			fmt.Println("opened", os.Args[2], "(netpoller started)")
		}
		fmt.Println("runtime.GC() ...")
		runtime.GC()
		fmt.Println("runtime.GC() returned")
	default:
		fmt.Fprintln(os.Stderr, "unknown mode", os.Args[1])
		os.Exit(2)
	}
}
