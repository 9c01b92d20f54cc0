// Command apiserver-client replays a JSON-lines Kubernetes audit log into an
// audit webhook receiver (vigil's ingest) using the audit backends that the
// kube-apiserver itself runs: k8s.io/apiserver's webhook backend, wrapped in
// the buffered (batch mode) backend and optionally the truncate backend, with
// the same defaults as the kube-apiserver flags.
//
// It is a test tool: whatever reaches the receiver is byte-for-byte what a
// kube-apiserver of the same k8s.io/apiserver version would send.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	auditinternal "k8s.io/apiserver/pkg/apis/audit"
	auditv1 "k8s.io/apiserver/pkg/apis/audit/v1"
	"k8s.io/apiserver/pkg/audit"
	utilwebhook "k8s.io/apiserver/pkg/util/webhook"
	"k8s.io/apiserver/plugin/pkg/audit/buffered"
	"k8s.io/apiserver/plugin/pkg/audit/truncate"
	"k8s.io/apiserver/plugin/pkg/audit/webhook"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/component-base/metrics/legacyregistry"
	"k8s.io/klog/v2"
)

// Defaults of the kube-apiserver's --audit-webhook-* flags
// (k8s.io/apiserver/pkg/server/options/audit.go).
const (
	defaultBufferSize     = 10000
	defaultMaxBatchSize   = 400
	defaultMaxBatchWait   = 30 * time.Second
	defaultThrottleQPS    = 10
	defaultThrottleBurst  = 15
	defaultInitialBackoff = webhook.DefaultInitialBackoffDelay // 10s

	// --audit-webhook-truncate-max-event-size / -max-batch-size defaults.
	truncateMaxEventSize = 100 * 1024
	truncateMaxBatchSize = 10 * 1024 * 1024

	// Name of the counter incremented by audit.HandlePluginError, once per
	// event that a backend failed to deliver (or dropped).
	auditErrorMetric = "apiserver_audit_error_total"

	// Group/version of audit events written by log backends of Kubernetes
	// before 1.24; it is no longer registered in k8s.io/apiserver's scheme.
	auditV1beta1 = "audit.k8s.io/v1beta1"
)

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1 // at least one event failed, or the input could not be read to its end
	exitUsage  = 2 // bad flags, or the input or kubeconfig could not be opened
)

type summary struct {
	Read    int64 `json:"read"`
	Sent    int64 `json:"sent"`
	Skipped int64 `json:"skipped"`
	Errors  int64 `json:"errors"`
}

type options struct {
	kubeconfig     string
	in             string
	batchMaxWait   time.Duration
	initialBackoff time.Duration
	mode           string
	truncate       bool
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func usage(fs *flag.FlagSet) func() {
	return func() {
		w := fs.Output()
		fmt.Fprintf(w, `Usage: apiserver-client -kubeconfig PATH [-in PATH|-] [flags]

Replays a JSON-lines Kubernetes audit log into an audit webhook receiver with
k8s.io/apiserver's own audit backends (webhook, buffered, truncate), as the
kube-apiserver does with --audit-webhook-config-file.

Prints {"read":N,"sent":N,"skipped":N,"errors":N} on stdout at the end.
Exit status: 0 if no event failed, 1 if any did (or the input could not be
read to its end), 2 on usage errors (bad flags, -in or -kubeconfig unusable).

Flags:
`)
		fs.PrintDefaults()
	}
}

func parseFlags(args []string, stderr io.Writer) (*options, int, bool) {
	o := &options{}
	fs := flag.NewFlagSet("apiserver-client", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = usage(fs)
	fs.StringVar(&o.kubeconfig, "kubeconfig", "", "kubeconfig of the webhook: server URL and credentials, as for --audit-webhook-config-file (required)")
	fs.StringVar(&o.in, "in", "-", "JSON-lines audit log to replay; - reads standard input")
	fs.DurationVar(&o.batchMaxWait, "batch-max-wait", defaultMaxBatchWait, "batch mode: longest wait before a partial batch is sent (--audit-webhook-batch-max-wait)")
	fs.DurationVar(&o.initialBackoff, "initial-backoff", defaultInitialBackoff, "wait before the first retry of a failed request (--audit-webhook-initial-backoff)")
	fs.StringVar(&o.mode, "mode", "batch", "batch: buffered backend, up to 400 events per request; blocking: one event per request, sent synchronously (--audit-webhook-mode)")
	fs.BoolVar(&o.truncate, "truncate", false, "wrap with the truncate backend, max event size 100KiB, max batch size 10MiB (--audit-webhook-truncate-enabled)")

	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, exitOK, false
		}
		return nil, exitUsage, false
	}
	fail := func(format string, a ...any) (*options, int, bool) {
		fmt.Fprintf(stderr, "apiserver-client: "+format+" (see -h)\n", a...)
		return nil, exitUsage, false
	}
	switch {
	case fs.NArg() > 0:
		return fail("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	case o.kubeconfig == "":
		return fail("-kubeconfig is required")
	case o.in == "":
		return fail("-in must not be empty (use - for standard input)")
	case o.mode != "batch" && o.mode != "blocking":
		return fail("-mode must be batch or blocking, not %q", o.mode)
	case o.batchMaxWait <= 0:
		return fail("-batch-max-wait must be positive")
	case o.initialBackoff <= 0:
		return fail("-initial-backoff must be positive")
	}
	return o, exitOK, true
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	o, code, ok := parseFlags(args, stderr)
	if !ok {
		return code
	}

	var in io.Reader = stdin
	if o.in != "-" {
		f, err := os.Open(o.in)
		if err != nil {
			fmt.Fprintf(stderr, "apiserver-client: %v\n", err)
			return exitUsage
		}
		defer f.Close()
		in = f
	}

	backend, webhookFailed, err := newBackend(o)
	if err != nil {
		fmt.Fprintf(stderr, "apiserver-client: %v\n", err)
		return exitUsage
	}

	warnInsecureCredentials(o.kubeconfig, stderr)

	stop := make(chan struct{})
	if err := backend.Run(stop); err != nil {
		fmt.Fprintf(stderr, "apiserver-client: starting the audit backend: %v\n", err)
		return exitFailed
	}

	var s summary
	readErr := replay(in, backend, &s, stderr)

	// As on kube-apiserver shutdown: stop the backend, then wait until every
	// buffered event has been batched and every batch has been sent (with
	// its retries) or given up on.
	close(stop)
	backend.Shutdown()
	klog.Flush()

	byPlugin, err := auditErrors()
	if err != nil {
		fmt.Fprintf(stderr, "apiserver-client: reading %s: %v\n", auditErrorMetric, err)
		return exitFailed
	}
	// Cross-check of the metric: the webhook backend reports a failure both
	// to HandlePluginError (metric, plugin="webhook") and as false from
	// ProcessEvents (counted by failureCounter). They must agree.
	if got, want := byPlugin[webhook.PluginName], webhookFailed.Load(); got != want {
		fmt.Fprintf(stderr, "apiserver-client: warning: %s{plugin=%q} is %d but the webhook backend failed %d events; counting %d\n",
			auditErrorMetric, webhook.PluginName, got, want, max(got, want))
		byPlugin[webhook.PluginName] = max(got, want)
	}
	for _, p := range sortedKeys(byPlugin) {
		fmt.Fprintf(stderr, "apiserver-client: %s{plugin=%q} = %d\n", auditErrorMetric, p, byPlugin[p])
		s.Errors += byPlugin[p]
	}

	out, _ := json.Marshal(s)
	fmt.Fprintf(stdout, "%s\n", out)

	if readErr != nil {
		fmt.Fprintf(stderr, "apiserver-client: reading input: %v\n", readErr)
		return exitFailed
	}
	if s.Errors != 0 {
		return exitFailed
	}
	return exitOK
}

// newBackend wraps the layers as kube-apiserver's AuditOptions.ApplyTo does:
// truncate(buffered(webhook)) in batch mode, truncate(webhook) in blocking
// mode, the truncate layer only with -truncate. The returned counter holds
// the number of events whose delivery the webhook backend gave up on.
func newBackend(o *options) (audit.Backend, *atomic.Int64, error) {
	retry := utilwebhook.DefaultRetryBackoffWithInitialDelay(o.initialBackoff)
	wh, err := webhook.NewBackend(o.kubeconfig, auditv1.SchemeGroupVersion, retry, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("loading webhook kubeconfig %s: %w", o.kubeconfig, err)
	}
	counted := &failureCounter{Backend: wh}
	b := audit.Backend(counted)
	if o.mode == "batch" {
		b = buffered.NewBackend(counted, buffered.BatchConfig{
			BufferSize:     defaultBufferSize,
			MaxBatchSize:   defaultMaxBatchSize,
			MaxBatchWait:   o.batchMaxWait,
			ThrottleEnable: true,
			ThrottleQPS:    defaultThrottleQPS,
			ThrottleBurst:  defaultThrottleBurst,
			AsyncDelegate:  true,
		})
	}
	if o.truncate {
		b = truncate.NewBackend(b, truncate.Config{
			MaxEventSize: truncateMaxEventSize,
			MaxBatchSize: truncateMaxBatchSize,
		}, auditv1.SchemeGroupVersion)
	}
	return b, &counted.failed, nil
}

// warnInsecureCredentials says so when the kubeconfig has credentials but
// its server is not https: client-go's clientcmd (DirectClientConfig.
// ClientConfig) reads the user's credentials, and the cluster's CA and TLS
// settings, only for https servers, so the kube-apiserver, and this program,
// send such a webhook no Authorization header at all.
func warnInsecureCredentials(path string, stderr io.Writer) {
	cfg, err := clientcmd.LoadFromFile(path)
	if err != nil {
		return // webhook.NewBackend has already accepted it; nothing to add
	}
	ctx, ok := cfg.Contexts[cfg.CurrentContext]
	if !ok {
		return
	}
	cluster, user := cfg.Clusters[ctx.Cluster], cfg.AuthInfos[ctx.AuthInfo]
	if cluster == nil || user == nil {
		return
	}
	hasCredentials := user.Token != "" || user.TokenFile != "" || user.Username != "" ||
		user.ClientCertificate != "" || len(user.ClientCertificateData) > 0 ||
		user.Exec != nil || user.AuthProvider != nil
	if u, err := url.Parse(cluster.Server); hasCredentials && (err != nil || u.Scheme != "https") {
		fmt.Fprintf(stderr, "apiserver-client: warning: server %q is not https: client-go sends no credentials to it (no Authorization header), as with a real kube-apiserver\n", cluster.Server)
	}
}

// failureCounter passes every call through to the webhook backend and counts
// the events of the calls that report failure (retries exhausted). Its
// String is the delegate's, so log lines and metric labels are unchanged.
type failureCounter struct {
	audit.Backend
	failed atomic.Int64
}

func (c *failureCounter) ProcessEvents(ev ...*auditinternal.Event) bool {
	ok := c.Backend.ProcessEvents(ev...)
	if !ok {
		c.failed.Add(int64(len(ev)))
	}
	return ok
}

// replay reads the input line by line and hands each event to the backend,
// one event per ProcessEvents call, as the apiserver does for each stage of
// each request. It returns an error only if the input cannot be read.
func replay(in io.Reader, backend audit.Backend, s *summary, stderr io.Writer) error {
	r := bufio.NewReaderSize(in, 1<<20)
	for lineNo := 1; ; lineNo++ {
		line, err := r.ReadBytes('\n')
		if len(line) > 0 {
			if line = bytes.TrimSpace(line); len(line) > 0 {
				s.Read++
				ev, decErr := decodeEvent(line)
				if decErr != nil {
					s.Skipped++
					fmt.Fprintf(stderr, "line %d: %v\n", lineNo, decErr)
				} else {
					s.Sent++
					backend.ProcessEvents(ev)
				}
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// decodeEvent turns one JSON line into the internal audit event.
//
//   - apiVersion audit.k8s.io/v1 (what a log backend writes): the audit
//     scheme's universal decoder, v1 -> internal.
//   - apiVersion audit.k8s.io/v1beta1 (log backends before Kubernetes 1.24):
//     that version is no longer in the scheme; its Event differs from v1's
//     only by the deprecated metadata and timestamp fields, which v1 dropped,
//     so it is read as a v1 Event like a line without apiVersion.
//   - no apiVersion (items of a captured webhook EventList; kind absent or
//     "Event"): encoding/json into auditv1.Event, then audit.Scheme.Convert.
func decodeEvent(line []byte) (*auditinternal.Event, error) {
	var tm metav1.TypeMeta
	if err := json.Unmarshal(line, &tm); err != nil {
		return nil, fmt.Errorf("not an audit event: %v", err)
	}

	var ev *auditinternal.Event
	switch {
	case tm.APIVersion != "" && tm.APIVersion != auditV1beta1:
		obj, gvk, err := audit.Codecs.UniversalDecoder().Decode(line, nil, nil)
		if err != nil {
			return nil, fmt.Errorf("not an audit event: %v", err)
		}
		e, ok := obj.(*auditinternal.Event)
		if !ok {
			return nil, fmt.Errorf("not an audit event: kind %s, version %s", gvk.Kind, gvk.GroupVersion())
		}
		ev = e
	case tm.Kind != "" && tm.Kind != "Event":
		return nil, fmt.Errorf("not an audit event: kind %q", tm.Kind)
	default:
		var v1ev auditv1.Event
		if err := json.Unmarshal(line, &v1ev); err != nil {
			return nil, fmt.Errorf("not an audit event: %v", err)
		}
		ev = &auditinternal.Event{}
		if err := audit.Scheme.Convert(&v1ev, ev, nil); err != nil {
			return nil, fmt.Errorf("converting to the internal audit event: %v", err)
		}
	}

	var missing []string
	if ev.AuditID == "" {
		missing = append(missing, "auditID")
	}
	if ev.Stage == "" {
		missing = append(missing, "stage")
	}
	if ev.Level == "" {
		missing = append(missing, "level")
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("not an audit event: missing %s", strings.Join(missing, ", "))
	}

	// Events built by the apiserver carry no kind/apiVersion; neither do the
	// items of the EventList it sends. Keep it that way.
	ev.TypeMeta = metav1.TypeMeta{}
	return ev, nil
}

// auditErrors reads apiserver_audit_error_total, by plugin, from the
// component-base legacy registry, where k8s.io/apiserver/pkg/audit
// registers it and audit.HandlePluginError increments it by the number of
// events affected: webhook (retries exhausted), buffered (queue full or
// backend shut down) and truncate (event too large even after truncation).
func auditErrors() (map[string]int64, error) {
	families, err := legacyregistry.DefaultGatherer.Gather()
	if err != nil {
		return nil, err
	}
	byPlugin := map[string]int64{}
	for _, mf := range families {
		if mf.GetName() != auditErrorMetric {
			continue
		}
		for _, m := range mf.GetMetric() {
			plugin := ""
			for _, l := range m.GetLabel() {
				if l.GetName() == "plugin" {
					plugin = l.GetValue()
				}
			}
			byPlugin[plugin] += int64(m.GetCounter().GetValue())
		}
	}
	return byPlugin, nil
}

func sortedKeys(m map[string]int64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
