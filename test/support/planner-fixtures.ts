// Small modules the planner is checked against native `go build` with.
// Each has a main package standing in for the generated wrapper.
import type { NativeTarget, Target } from '../../src/core/types.ts';

export interface PlannerFixture {
  name: string;
  files: Record<string, string>;
  /** Module-relative directory of the main package. */
  main: string;
  /** GO_BUILD_FLAGS; every fixture ends up with -buildid= so binaries can be compared byte for byte. */
  flags: string;
  /** go.mod `godebug` lines cmd/go also reads (GoModInfo does not carry them). */
  modGodebug?: { key: string; value: string }[];
  /** No go.mod: the test writes the synthesized one, as the kept sources would have it. */
  noGoMod?: boolean;
  targets: Target[];
  /** Also checked with this older toolchain. */
  old?: boolean;
}

const native: NativeTarget[] = ['linux/amd64', 'linux/arm64'];

const mainUsing = (imports: string[], body: string): string =>
  `package main\n\nimport (\n${imports.map((i) => `\t${i}\n`).join('')})\n\nfunc main() {\n${body}\n}\n`;

export const fixtures: PlannerFixture[] = [
  {
    name: 'helper package and net/http',
    main: 'cmd/bootstrap',
    flags: "-ldflags '-s -w -buildid='",
    targets: [...native, 'wasip1/wasm'],
    old: true,
    files: {
      'go.mod': 'module example.com/m\n\ngo 1.22\n',
      'api/index.go': 'package api\n\nimport (\n\t"fmt"\n\t"net/http"\n\n\t"example.com/m/lib/greet"\n)\n\nfunc Handler(w http.ResponseWriter, r *http.Request) {\n\tfmt.Fprint(w, greet.Hello(r.URL.Query().Get("name")))\n}\n',
      'lib/greet/greet.go': 'package greet\n\nimport "strings"\n\nfunc Hello(name string) string { return "hello " + strings.TrimSpace(name) }\n',
      'cmd/bootstrap/main.go': mainUsing(['"net/http"', '', 'fn "example.com/m/api"'], '\t_ = http.ListenAndServe(":3000", http.HandlerFunc(fn.Handler))'),
    },
  },
  {
    name: 'local package with assembly',
    main: 'cmd/bootstrap',
    flags: "-ldflags=-s\\ -w\\ -buildid= -asmflags='example.com/asm/add=-D EXTRA=1'",
    targets: [...native, 'wasip1/wasm'],
    old: true,
    files: {
      'go.mod': 'module example.com/asm\n\ngo 1.23\n',
      'add/add.go': 'package add\n\n// Stride is used by the assembly through go_asm.h.\nconst Stride = 8\n',
      'add/add_asm.go': '//go:build amd64 || arm64\n\npackage add\n\nfunc Add(a, b int64) int64\n',
      'add/add_generic.go': '//go:build !amd64 && !arm64\n\npackage add\n\nfunc Add(a, b int64) int64 { return a + b }\n',
      'add/defs.h': '#define ARG_B b+8(FP)\n',
      // Copied to defs_GOARCH.h in the object directory by cmd/go (asm can only use that after symabis).
      'add/defs_amd64.h': '#define UNUSED_AMD64 1\n',
      'add/defs_arm64.h': '#define UNUSED_ARM64 1\n',
      'add/add_amd64.s': '#include "textflag.h"\n#include "go_asm.h"\n#include "defs.h"\n\nTEXT ·Add(SB),NOSPLIT,$0-24\n\tMOVQ a+0(FP), AX\n\tMOVQ ARG_B, BX\n\tADDQ BX, AX\n\tADDQ $const_Stride, AX\n\tMOVQ AX, ret+16(FP)\n\tRET\n',
      'add/add_arm64.s': '#include "textflag.h"\n#include "go_asm.h"\n#include "defs.h"\n\nTEXT ·Add(SB),NOSPLIT,$0-24\n\tMOVD a+0(FP), R0\n\tMOVD ARG_B, R1\n\tADD R1, R0, R0\n\tADD $const_Stride, R0, R0\n\tMOVD R0, ret+16(FP)\n\tRET\n',
      'cmd/bootstrap/main.go': mainUsing(['"os"', '"strconv"', '', '"example.com/asm/add"'], '\tos.Stdout.WriteString(strconv.FormatInt(add.Add(2, add.Stride), 10))'),
    },
  },
  {
    name: 'embed',
    main: 'cmd/bootstrap',
    flags: "-ldflags '-s -w -buildid='",
    targets: native,
    old: true,
    files: {
      'go.mod': 'module example.com/embed\n\ngo 1.24\n',
      'site/site.go': 'package site\n\nimport "embed"\n\n//go:embed static\nvar Static embed.FS\n\n//go:embed static/index.html\nvar Index string\n\n//go:embed all:static/sub *.txt\nvar More embed.FS\n',
      'site/static/index.html': '<h1>hi</h1>\n',
      'site/static/.hidden': 'h\n',
      'site/static/sub/a&b.css': 'body{}\n',
      'site/static/sub/_x.js': 'x\n',
      'site/notes.txt': 'notes\n',
      'cmd/bootstrap/main.go': mainUsing(['"os"', '', '"example.com/embed/site"'], '\tb, _ := site.Static.ReadFile("static/index.html")\n\tos.Stdout.Write(b)\n\tos.Stdout.WriteString(site.Index)\n\t_, _ = site.More.ReadDir(".")'),
    },
  },
  {
    name: 'build tags',
    main: 'cmd/bootstrap',
    flags: "-tags 'feature extra' -ldflags '-s -w -buildid='",
    targets: native,
    files: {
      'go.mod': 'module example.com/tags\n\ngo 1.26\n',
      'feat/on.go': '//go:build feature\n\npackage feat\n\nconst Mode = "on"\n',
      'feat/off.go': '//go:build !feature\n\npackage feat\n\nconst Mode = "off"\n',
      'feat/extra.go': '//go:build extra && linux\n\npackage feat\n\nfunc Extra() string { return "extra" }\n',
      'feat/noextra.go': '//go:build !(extra && linux)\n\npackage feat\n\nfunc Extra() string { return "" }\n',
      'cmd/bootstrap/main.go': mainUsing(['"os"', '', '"example.com/tags/feat"'], '\tos.Stdout.WriteString(feat.Mode + feat.Extra())'),
    },
  },
  {
    name: '-X ldflags',
    main: 'cmd/bootstrap',
    flags: `-ldflags '-s -w -X main.version=1.2.3 -X "example.com/x/lib.Name=a b" -buildid='`,
    targets: native,
    files: {
      'go.mod': 'module example.com/x\n\ngo 1.25\n',
      'lib/lib.go': 'package lib\n\nvar Name = "unset"\n',
      'cmd/bootstrap/main.go': `package main\n\nimport (\n\t"os"\n\n\t"example.com/x/lib"\n)\n\nvar version = "dev"\n\nfunc main() { os.Stdout.WriteString(version + lib.Name) }\n`,
    },
  },
  {
    name: 'no go.mod (synthesized)',
    main: 'api/_gofn/bootstrap',
    flags: "-ldflags '-s -w -buildid='",
    noGoMod: true,
    targets: native,
    old: true,
    files: {
      'api/hello.go': 'package handler\n\nimport (\n\t"fmt"\n\t"net/http"\n)\n\nfunc Hello(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "hi") }\n',
      'api/_gofn/bootstrap/main.go': mainUsing(['"net/http"', '', 'fn "gofn.local/app/api"'], '\t_ = http.ListenAndServe(":3000", http.HandlerFunc(fn.Hello))'),
    },
  },
  {
    name: 'go 1.21 module under a newer toolchain (GODEBUG defaults)',
    main: 'cmd/bootstrap',
    flags: "-ldflags '-s -w -buildid='",
    modGodebug: [{ key: 'panicnil', value: '1' }],
    targets: native,
    old: true,
    files: {
      'go.mod': 'module example.com/old\n\ngo 1.21\n\ngodebug panicnil=1\n',
      'cmd/bootstrap/main.go': mainUsing(['"net/http"', '"os"'], '\t_, _ = http.NewRequest("GET", os.Args[0], nil)'),
    },
  },
  {
    name: 'local package tree',
    main: 'cmd/bootstrap',
    flags: "-gcflags='-N -l' -gcflags=example.com/tree/a/...=-l -asmflags=-D\\ EXTRA -ldflags '-s -w -buildid='",
    targets: native,
    files: {
      'go.mod': 'module example.com/tree\n\ngo 1.24.3\n',
      'a/a.go': 'package a\n\nimport (\n\t"example.com/tree/a/b"\n\t"example.com/tree/internal/util"\n)\n\nfunc A() int { return b.B() + util.U() }\n',
      'a/b/b.go': 'package b\n\nimport "example.com/tree/a/b/c"\n\nfunc B() int { return c.C() * 2 }\n',
      'a/b/c/c.go': 'package c\n\nimport "example.com/tree/internal/util"\n\nfunc C() int { return util.U() + 1 }\n',
      'internal/util/util.go': 'package util\n\nimport "sort"\n\nfunc U() int { s := []int{3, 1, 2}; sort.Ints(s); return s[0] }\n',
      'cmd/bootstrap/main.go': mainUsing(['"os"', '', '"example.com/tree/a"', '"example.com/tree/a/b/c"'], '\tos.Exit(a.A() + c.C() - 100)'),
    },
  },
  {
    name: 'dependency modules (module cache and a local replace)',
    main: 'cmd/bootstrap',
    flags: "-ldflags '-s -w -buildid='",
    targets: native,
    old: true,
    files: {
      'go.mod': 'module example.com/deps\n\ngo 1.23\n\nrequire (\n\texample.com/dep v0.1.0\n\tgithub.com/google/uuid v1.6.0\n)\n\nreplace example.com/dep => ./third_party/dep\n',
      'go.sum': 'github.com/google/uuid v1.6.0 h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=\ngithub.com/google/uuid v1.6.0/go.mod h1:TIyPZe4MgqvfeYDBFedMoGGpEw/LqOeaOT+nhxU+yHo=\n',
      'third_party/dep/go.mod': 'module example.com/dep\n\ngo 1.20\n',
      'third_party/dep/sub/sub.go': 'package sub\n\nfunc V() int { return 1 }\n',
      'cmd/bootstrap/main.go': mainUsing(['"os"', '', '"example.com/dep/sub"', '"github.com/google/uuid"'], '\tos.Exit(sub.V() + len(uuid.NewString()))'),
    },
  },
];
