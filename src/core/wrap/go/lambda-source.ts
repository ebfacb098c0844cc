// Go source of the deployable bootstrap's main: an AWS Lambda custom runtime
// that speaks the Runtime API the way aws-lambda-go does (which is what
// Vercel's go-bridge runs on), with the standard library only.
import type { GoFragment } from './fragment.ts';

export const lambdaSource: GoFragment = {
  imports: ['bytes', 'context', 'encoding/base64', 'encoding/json', 'fmt', 'io', 'net/http', 'os', 'strconv', 'time'],
  code: `
func main() {
	api := os.Getenv("AWS_LAMBDA_RUNTIME_API")
	if api == "" {
		fmt.Fprintln(os.Stderr, "AWS_LAMBDA_RUNTIME_API is not set: this program is a Lambda bootstrap and runs under the Lambda Runtime API")
		os.Exit(1)
	}
	rt := &runtimeAPI{
		base: "http://" + api + "/2018-06-01/runtime",
		// The Runtime API is local: proxy settings in the environment are for the handler's own requests.
		client: &http.Client{Transport: &http.Transport{Proxy: nil}},
	}
	h := http.HandlerFunc(handlerFunc)
	for {
		if err := rt.invoke(h); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}

type runtimeAPI struct {
	base   string
	client *http.Client
}

// invoke serves the next invocation. The error it returns ends the process:
// the Runtime API is unreachable, or the handler panicked, after which
// aws-lambda-go exits too so that Lambda starts a fresh instance.
func (rt *runtimeAPI) invoke(h http.Handler) error {
	res, err := rt.client.Get(rt.base + "/invocation/next")
	if err != nil {
		return fmt.Errorf("runtime API: %v", err)
	}
	event, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil || res.StatusCode != http.StatusOK {
		return fmt.Errorf("runtime API: next invocation: %s %v", res.Status, err)
	}
	id := res.Header.Get("Lambda-Runtime-Aws-Request-Id")
	os.Setenv("_X_AMZN_TRACE_ID", res.Header.Get("Lambda-Runtime-Trace-Id"))

	var in bridgeRequest
	if err := decodeEvent(event, &in); err != nil {
		report, _ := json.Marshal(map[string]string{"errorMessage": err.Error(), "errorType": "Runtime.InvalidEvent"})
		return rt.post(id, "error", report)
	}
	ctx := context.Background()
	if ms, err := strconv.ParseInt(res.Header.Get("Lambda-Runtime-Deadline-Ms"), 10, 64); err == nil {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, time.UnixMilli(ms))
		defer cancel()
	}
	out := &lambdaResponse{}
	if p := handle(ctx, h, &in, out); p != nil {
		p.log()
		if err := rt.post(id, "error", p.payload()); err != nil {
			return err
		}
		return fmt.Errorf("the handler panicked; exiting so that Lambda starts a fresh instance")
	}
	return rt.post(id, "response", out.json())
}

// decodeEvent unwraps {"Action":"Invoke","body":"<request JSON>"}.
func decodeEvent(event []byte, in *bridgeRequest) error {
	var envelope struct {
		Body string \`json:"body"\`
	}
	if err := json.Unmarshal(event, &envelope); err != nil {
		return fmt.Errorf("invocation event: %v", err)
	}
	if err := json.Unmarshal([]byte(envelope.Body), in); err != nil {
		return fmt.Errorf("invocation request: %v", err)
	}
	return nil
}

func (rt *runtimeAPI) post(id, kind string, body []byte) error {
	res, err := rt.client.Post(rt.base+"/invocation/"+id+"/"+kind, "application/json", bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("runtime API: posting the %s: %v", kind, err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode/100 != 2 {
		return fmt.Errorf("runtime API: posting the %s: %s", kind, res.Status)
	}
	return nil
}

// lambdaResponse buffers the whole response: Lambda returns it in one piece,
// so a Flush commits the head but delivers nothing early.
type lambdaResponse struct {
	status  int
	header  http.Header
	content bytes.Buffer
}

func (l *lambdaResponse) head(status int, header http.Header, _ bool) {
	l.status, l.header = status, header
}

func (l *lambdaResponse) body(p []byte) {
	l.content.Write(p)
}

func (l *lambdaResponse) json() []byte {
	b, _ := json.Marshal(struct {
		bridgeHead
		Encoding string \`json:"encoding"\`
		Body     string \`json:"body"\`
	}{bridgeHead{l.status, l.header}, "base64", base64.StdEncoding.EncodeToString(l.content.Bytes())})
	return b
}
`,
};
