// Go source shared by both generated main packages: the go-bridge request
// turned into the *http.Request a net/http server would build, and a
// ResponseWriter that follows net/http's server rules. Sharing it is what
// makes a preview answer and a deployed answer the same answer.
import type { GoFragment } from './fragment.ts';

export const bridgeSource: GoFragment = {
  imports: ['bytes', 'context', 'encoding/base64', 'encoding/json', 'fmt', 'io', 'net/http', 'net/url', 'os', 'path', 'runtime', 'runtime/debug', 'strings'],
  code: `
// bridgeRequest is a request as the platform hands it over (the go-bridge format).
type bridgeRequest struct {
	Method   string                  \`json:"method"\`
	Path     string                  \`json:"path"\`
	Host     string                  \`json:"host"\`
	Headers  map[string]headerValues \`json:"headers"\`
	Encoding string                  \`json:"encoding"\`
	Body     string                  \`json:"body"\`
}

// headerValues accepts both forms the platform sends: "v" and ["v1", "v2"].
type headerValues []string

func (h *headerValues) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*h = headerValues{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*h = many
	return nil
}

// bridgeHead is the status and header part of a go-bridge response.
type bridgeHead struct {
	StatusCode int         \`json:"statusCode"\`
	Headers    http.Header \`json:"headers"\`
}

// newRequest builds the request a net/http server would have built from the
// same bytes: Host promoted out of the header map, RequestURI with the query.
func newRequest(in *bridgeRequest) (*http.Request, error) {
	body := []byte(in.Body)
	if in.Encoding == "base64" {
		decoded, err := base64.StdEncoding.DecodeString(in.Body)
		if err != nil {
			return nil, fmt.Errorf("malformed request body: %v", err)
		}
		body = decoded
	}
	method := in.Method
	if method == "" {
		method = http.MethodGet
	}
	u, err := url.ParseRequestURI(in.Path)
	if err != nil {
		return nil, err
	}
	r := &http.Request{
		Method:        method,
		URL:           u,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        make(http.Header, len(in.Headers)),
		Body:          http.NoBody,
		ContentLength: int64(len(body)),
		Host:          in.Host,
		RequestURI:    in.Path,
	}
	if len(body) > 0 {
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	for name, values := range in.Headers {
		key := http.CanonicalHeaderKey(name)
		for _, v := range values {
			r.Header.Add(key, v)
		}
	}
	if r.Host == "" {
		r.Host = r.Header.Get("Host")
	}
	delete(r.Header, "Host")
	r.RemoteAddr = r.Header.Get("X-Real-Ip")
	return r, nil
}

// responseSink receives a response as the writer commits it: the head once
// (final when the handler has returned, so the whole body follows at once),
// then body bytes, which it must copy if it keeps them.
type responseSink interface {
	head(status int, header http.Header, final bool)
	body(p []byte)
}

// bodyCounter is a sink that wants the running total of body bytes written,
// buffered or not (the preview enforces the platform's size limit with it).
type bodyCounter interface {
	wrote(total int64)
}

// responseWriter follows net/http's server: the first WriteHeader wins and
// freezes the header, 1xx codes are not final, Content-Type is sniffed from
// the first bytes when the handler set none, HEAD and 204/304 carry no body.
type responseWriter struct {
	sink      responseSink
	method    string
	header    http.Header
	status    int
	sent      http.Header
	buf       bytes.Buffer
	committed bool
	total     int64
	done      bool
}

func newResponseWriter(method string, sink responseSink) *responseWriter {
	return &responseWriter{sink: sink, method: method, header: make(http.Header)}
}

func (w *responseWriter) Header() http.Header {
	return w.header
}

func (w *responseWriter) WriteHeader(code int) {
	if code < 100 || code > 999 {
		panic(fmt.Sprintf("invalid WriteHeader code %v", code))
	}
	if w.status != 0 {
		fmt.Fprintf(os.Stderr, "http: superfluous response.WriteHeader call from %s\\n", caller(2))
		return
	}
	if code < 200 && code != http.StatusSwitchingProtocols {
		return
	}
	w.status = code
	w.sent = w.header.Clone()
}

func (w *responseWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if !bodyAllowed(w.status) {
		return 0, http.ErrBodyNotAllowed
	}
	if w.method == http.MethodHead {
		return len(p), nil
	}
	n, err := w.buf.Write(p)
	w.total += int64(n)
	if c, ok := w.sink.(bodyCounter); ok {
		c.wrote(w.total)
	}
	return n, err
}

// Flush commits the head and hands over what was written so far.
func (w *responseWriter) Flush() {
	if !w.committed {
		w.commit()
	}
	if w.buf.Len() > 0 {
		w.sink.body(w.buf.Bytes())
		w.buf.Reset()
	}
}

func (w *responseWriter) commit() {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	w.committed = true
	h := w.sent
	if _, typed := h["Content-Type"]; !typed && h.Get("Transfer-Encoding") == "" && bodyAllowed(w.status) && w.buf.Len() > 0 {
		h.Set("Content-Type", http.DetectContentType(w.buf.Bytes()))
	}
	w.sink.head(w.status, h, w.done)
}

func bodyAllowed(status int) bool {
	return status >= 200 && status != http.StatusNoContent && status != http.StatusNotModified
}

func caller(skip int) string {
	pc, file, line, ok := runtime.Caller(skip)
	if !ok {
		return "unknown"
	}
	name := "unknown"
	if f := runtime.FuncForPC(pc); f != nil {
		name = f.Name()
	}
	return fmt.Sprintf("%s (%s:%d)", name, path.Base(file), line)
}

// handlerPanic is a recovered panic with the stack of the panicking goroutine.
type handlerPanic struct {
	value interface{}
	stack []byte
}

// log writes the panic as Go prints an unrecovered one, so the logs read as usual.
func (p *handlerPanic) log() {
	fmt.Fprintf(os.Stderr, "panic: %v\\n\\n%s", p.value, p.stack)
}

// payload is the error report in the shape the Lambda Runtime API takes.
func (p *handlerPanic) payload() []byte {
	b, _ := json.Marshal(map[string]interface{}{
		"errorMessage": fmt.Sprint(p.value),
		"errorType":    fmt.Sprintf("%T", p.value),
		"stackTrace":   strings.Split(strings.TrimSpace(string(p.stack)), "\\n"),
	})
	return b
}

// handle serves one platform request. A panic is returned, not propagated,
// so that each target reports it the way its platform does.
func handle(ctx context.Context, h http.Handler, in *bridgeRequest, sink responseSink) (p *handlerPanic) {
	w := newResponseWriter(in.Method, sink)
	r, err := newRequest(in)
	if err != nil {
		http.Error(w, "400 Bad Request: "+err.Error(), http.StatusBadRequest)
		w.Flush()
		return nil
	}
	defer func() {
		if v := recover(); v != nil {
			p = &handlerPanic{value: v, stack: debug.Stack()}
		}
	}()
	h.ServeHTTP(w, r.WithContext(ctx))
	w.done = true
	w.Flush()
	return nil
}
`,
};
