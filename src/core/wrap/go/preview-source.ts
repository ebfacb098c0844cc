// Go source of the preview module's main (wasip1/wasm): one warm instance
// that reads framed requests and writes framed responses on the channel the
// preview host provides (src/core/preview/protocol.ts), so that stdout and
// stderr stay the handler's logs.
import { CHANNEL_DIR, CHANNEL_IN, CHANNEL_OUT, FrameKind, PREVIEW_PROTOCOL } from '../../preview/protocol.ts';
import { BODY_LIMIT } from '../../preview/limits.ts';
import type { GoFragment } from './fragment.ts';

const hex = (n: number) => `0x${n.toString(16)}`;

export const previewSource: GoFragment = {
  imports: ['bufio', 'context', 'encoding/binary', 'encoding/json', 'fmt', 'io', 'net/http', 'os'],
  code: `
const (
	channelIn  = "${CHANNEL_DIR}/${CHANNEL_IN}"
	channelOut = "${CHANNEL_DIR}/${CHANNEL_OUT}"
	protocol   = ${PREVIEW_PROTOCOL}

	frameHello   = ${hex(FrameKind.Hello)}
	frameRequest = ${hex(FrameKind.Request)}
	frameHead    = ${hex(FrameKind.Head)}
	frameBody    = ${hex(FrameKind.Body)}
	frameEnd     = ${hex(FrameKind.End)}
	framePanic   = ${hex(FrameKind.Panic)}
	frameTooBig  = ${hex(FrameKind.TooLarge)}

	// The platform's limit on a response body (the go-bridge JSON carries it
	// base64-encoded inside Lambda's 6 MiB payload).
	maxBody = ${BODY_LIMIT}
)

func main() {
	in, err := os.Open(channelIn)
	if err != nil {
		fatal(fmt.Errorf("%v (this module runs under the gofn preview host)", err))
	}
	out, err := os.OpenFile(channelOut, os.O_WRONLY, 0)
	if err != nil {
		fatal(err)
	}
	ch := &channel{in: bufio.NewReaderSize(in, 64<<10), out: out}
	ch.send(frameHello, []byte(fmt.Sprintf(\`{"protocol":%d}\`, protocol)))
	h := http.HandlerFunc(handlerFunc)
	for {
		kind, payload, err := ch.receive()
		if err == io.EOF {
			return
		}
		if err != nil {
			fatal(err)
		}
		if kind != frameRequest {
			fatal(fmt.Errorf("unexpected frame %#x", kind))
		}
		var req bridgeRequest
		if err := json.Unmarshal(payload, &req); err != nil {
			fatal(err)
		}
		if p := handle(context.Background(), h, &req, frames{ch}); p != nil {
			p.log()
			ch.send(framePanic, p.payload())
			// As on Lambda (aws-lambda-go exits after a panic): the next request meets a fresh instance.
			os.Exit(1)
		}
		ch.send(frameEnd, nil)
	}
}

func fatal(err error) {
	fmt.Fprintf(os.Stderr, "preview channel: %v\\n", err)
	os.Exit(1)
}

// channel frames are a kind byte, a little-endian uint32 length and the payload.
type channel struct {
	in  *bufio.Reader
	out *os.File
}

func (c *channel) receive() (byte, []byte, error) {
	var hdr [5]byte
	if _, err := io.ReadFull(c.in, hdr[:]); err != nil {
		return 0, nil, err
	}
	payload := make([]byte, binary.LittleEndian.Uint32(hdr[1:]))
	if _, err := io.ReadFull(c.in, payload); err != nil {
		return 0, nil, err
	}
	return hdr[0], payload, nil
}

// send writes a frame with one Write, so the host receives it in one piece.
func (c *channel) send(kind byte, payload []byte) {
	frame := make([]byte, 5+len(payload))
	frame[0] = kind
	binary.LittleEndian.PutUint32(frame[1:], uint32(len(payload)))
	copy(frame[5:], payload)
	if _, err := c.out.Write(frame); err != nil {
		fatal(err)
	}
}

// frames streams a response: the head, then one frame per Flush.
type frames struct{ ch *channel }

func (f frames) head(status int, header http.Header, final bool) {
	b, _ := json.Marshal(struct {
		bridgeHead
		Final bool \`json:"final,omitempty"\`
	}{bridgeHead{status, header}, final})
	f.ch.send(frameHead, b)
}

// wrote stops the instance once the body passes the platform's limit, before
// it is buffered any further: the host answers 413 and starts a fresh
// instance for the next request.
func (f frames) wrote(total int64) {
	if total > maxBody {
		f.ch.send(frameTooBig, []byte(fmt.Sprintf(\`{"bytes":%d}\`, total)))
		os.Exit(3)
	}
}

func (f frames) body(p []byte) {
	f.ch.send(frameBody, p)
}
`,
};
