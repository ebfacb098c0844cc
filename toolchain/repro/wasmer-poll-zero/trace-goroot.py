#!/usr/bin/env python3
"""Makes a GOROOT copy print every WASI call a wasip1 program makes.

Usage: trace-goroot.py GOROOT_COPY

Each file-related import in syscall/fs_wasip1.go and runtime's poll_oneoff
get a wrapper that prints the call and its result to stderr ("wasi> ..." and
"wasi< ..."), so the last line a hung program printed names the call that
did not return. trace.sh builds compile.wasm and link.wasm with it.
"""
import re
import sys
root = sys.argv[1]
simple = {'int32','size','filesize','filedelta','uint32','lookupflags','oflags','rights','fdflags','dircookie','timestamp','fstflags','clockid','uint64'}
def patch(path, errtype, traced):
    s = open(path).read()
    def repl(m):
        name, params, ret = m.group(1), m.group(2), m.group(3)
        if name not in traced: return m.group(0)
        ps = [p.strip().split() for p in params.split(',')]
        names = [p[0] for p in ps]; types = [p[1] for p in ps]
        pre = []
        post = []
        i = 0
        while i < len(ps):
            n, t = names[i], types[i]
            if t == '*byte' and i+1 < len(ps) and names[i+1].lower().endswith('len') and 'path' in n.lower():
                pre.append(f'" {n}=", unsafe.String({n}, {names[i+1]})'); i += 2; continue
            if t in simple: pre.append(f'" {n}=", {n}')
            if t == '*iovec': pre.append(f'" len0=", {n}.bufLen')
            if t in ('*size','*int32','*filesize'): post.append(f'" {n}=", *{n}')
            i += 1
        args = ', '.join(names)
        body = (f'//go:wasmimport wasi_snapshot_preview1 {name}\n//go:noescape\nfunc {name}_raw({params}) {ret}\n\n'
                f'func {name}({params}) {ret} {{\n\tprintln("wasi> {name}"' + ''.join(', '+x for x in pre) + ')\n'
                f'\te := {name}_raw({args})\n\tprintln("wasi< {name} errno=", e' + ''.join(', '+x for x in post) + ')\n\treturn e\n}\n')
        return body
    s2 = re.sub(r'//go:wasmimport wasi_snapshot_preview1 (\w+)\n//go:noescape\nfunc \w+\(([^)]*)\) (\w+)\n', repl, s)
    open(path, 'w').write(s2)
patch(root + '/src/syscall/fs_wasip1.go', 'Errno', {'fd_close','fd_pread','fd_pwrite','fd_read','fd_seek','fd_write','fd_filestat_get','path_filestat_get','path_open','fd_fdstat_get','fd_fdstat_set_flags','fd_readdir','fd_filestat_set_size','path_create_directory','path_unlink_file','path_rename'})
# runtime poll_oneoff: print subscriptions
p = root + '/src/runtime/os_wasip1.go'
s = open(p).read()
s = s.replace('''//go:wasmimport wasi_snapshot_preview1 poll_oneoff
//go:noescape
func poll_oneoff(in *subscription, out *event, nsubscriptions size, nevents *size) errno
''', '''//go:wasmimport wasi_snapshot_preview1 poll_oneoff
//go:noescape
func poll_oneoff_raw(in *subscription, out *event, nsubscriptions size, nevents *size) errno

func poll_oneoff(in *subscription, out *event, nsubscriptions size, nevents *size) errno {
	subs := unsafe.Slice(in, nsubscriptions)
	println("wasi> poll_oneoff n=", nsubscriptions)
	for i := range subs {
		t := *subs[i].u.eventtype()
		if t == eventtypeClock {
			c := subs[i].u.subscriptionClock()
			println("wasi>   clock id=", c.id, " timeout=", c.timeout, " flags=", c.flags)
		} else {
			println("wasi>   fd type=", t, " fd=", subs[i].u.subscriptionFdReadwrite().fd)
		}
	}
	e := poll_oneoff_raw(in, out, nsubscriptions, nevents)
	println("wasi< poll_oneoff errno=", e, " nevents=", *nevents)
	evs := unsafe.Slice(out, *nevents)
	for i := range evs {
		println("wasi<   event type=", evs[i].typ, " error=", evs[i].error, " nbytes=", evs[i].fdReadwrite.nbytes, " flags=", evs[i].fdReadwrite.flags)
	}
	return e
}
''')
open(p, 'w').write(s)
