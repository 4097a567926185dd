// Command loadgen sends PATCHes to replicas of the metadata server on this
// machine, and reports how many it served a second, their latency, and
// whether each user's version grew by exactly the number acknowledged.
//
// Usage:
//
//	loadgen -targets http://127.0.0.1:8081,http://127.0.0.1:8082 [-users 4]
//	        [-clients 50] [-n 20000] [-duration 30s]
//
// It is bounded: it talks only to loopback addresses, runs at most 256
// clients, sends at most 1,000,000 PATCHes, and stops after at most five
// minutes, whichever comes first. The users it patches are created if
// they do not exist.
//
// Client c sends {"public_metadata":{"c<c>":<sequence number>}}, to the
// targets and the users in turn: every PATCH changes its user, and the
// document stays the size of one member per client. It prints one line,
// such as:
//
//	targets=3 users=4 clients=50 sent=20000 seconds=6.1 patches/s=3279 p50=13.2ms p99=48.0ms status=[200×20000] versions=+20000 ok
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The bounds of a run.
const (
	maxClients  = 256
	maxPatches  = 1_000_000
	maxDuration = 5 * time.Minute
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "loadgen:", err)
		}
		os.Exit(2)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	targetList := fs.String("targets", "", "comma-separated base `URLs` of the replicas, each on a loopback address")
	users := fs.Int("users", 4, "how many users the PATCHes are spread over")
	clients := fs.Int("clients", 50, fmt.Sprintf("concurrent clients, each sending one PATCH at a time (at most %d)", maxClients))
	n := fs.Int("n", 20000, fmt.Sprintf("PATCHes to send in all (at most %d)", maxPatches))
	duration := fs.Duration("duration", 30*time.Second, fmt.Sprintf("stop sending after this long (at most %s)", maxDuration))
	if err := fs.Parse(args); err != nil {
		return err
	}
	targets, err := loopbackTargets(*targetList)
	if err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return errors.New("takes no arguments")
	case *users < 1 || *users > 10000:
		return errors.New("-users must be 1 to 10000")
	case *clients < 1 || *clients > maxClients:
		return fmt.Errorf("-clients must be 1 to %d", maxClients)
	case *n < 1 || *n > maxPatches:
		return fmt.Errorf("-n must be 1 to %d", maxPatches)
	case *duration <= 0 || *duration > maxDuration:
		return fmt.Errorf("-duration must be positive and at most %s", maxDuration)
	}

	client := &http.Client{
		Transport: &http.Transport{MaxIdleConnsPerHost: *clients, MaxConnsPerHost: *clients},
		Timeout:   30 * time.Second,
	}
	ids := make([]string, *users)
	before := make([]int64, *users)
	for i := range ids {
		ids[i] = fmt.Sprintf("user_load%d", i)
		if before[i], err = ensureUser(client, targets[0], ids[i]); err != nil {
			return err
		}
	}

	var (
		next     atomic.Int64
		mu       sync.Mutex
		latency  []time.Duration
		statuses = map[int]int{}
		failures []error
	)
	stop := time.Now().Add(*duration)
	start := time.Now()
	var wg sync.WaitGroup
	for c := range *clients {
		wg.Go(func() {
			var mine []time.Duration
			seen := map[int]int{}
			var errs []error
			for {
				seq := int(next.Add(1)) - 1
				if seq >= *n || time.Now().After(stop) {
					break
				}
				target := targets[seq%len(targets)] + "/users/" + ids[seq%len(ids)] + "/metadata"
				body := `{"public_metadata":{"c` + strconv.Itoa(c) + `":` + strconv.Itoa(seq) + `}}`
				t0 := time.Now()
				status, err := patch(client, target, body)
				if err != nil {
					errs = append(errs, err)
					continue
				}
				mine = append(mine, time.Since(t0))
				seen[status]++
			}
			mu.Lock()
			defer mu.Unlock()
			latency = append(latency, mine...)
			for s, k := range seen {
				statuses[s] += k
			}
			failures = append(failures, errs...)
		})
	}
	wg.Wait()
	elapsed := time.Since(start)

	var grown int64
	for i, id := range ids {
		v, err := version(client, targets[len(targets)-1], id)
		if err != nil {
			return err
		}
		grown += v - before[i]
	}
	slices.Sort(latency)
	ok := statuses[http.StatusOK]
	verdict := "ok"
	if grown != int64(ok) || len(failures) > 0 {
		verdict = "MISMATCH"
	}
	var codes []string
	for _, s := range slices.Sorted(maps.Keys(statuses)) {
		codes = append(codes, fmt.Sprintf("%d×%d", s, statuses[s]))
	}
	fmt.Fprintf(stdout, "targets=%d users=%d clients=%d sent=%d seconds=%.1f patches/s=%.0f p50=%s p99=%s status=[%s] versions=+%d %s\n",
		len(targets), len(ids), *clients, len(latency)+len(failures), elapsed.Seconds(), float64(ok)/elapsed.Seconds(),
		ms(percentile(latency, 50)), ms(percentile(latency, 99)), strings.Join(codes, " "), grown, verdict)
	if len(failures) > 0 {
		return fmt.Errorf("%d requests failed, the first: %v", len(failures), failures[0])
	}
	if verdict != "ok" {
		return fmt.Errorf("the users' versions grew by %d, but %d PATCHes were acknowledged", grown, ok)
	}
	return nil
}

// loopbackTargets parses the comma-separated base URLs, each of which must
// be http on a loopback address (or localhost).
func loopbackTargets(list string) ([]string, error) {
	if list == "" {
		return nil, errors.New("-targets is required")
	}
	var targets []string
	for _, t := range strings.Split(list, ",") {
		u, err := url.Parse(t)
		if err != nil {
			return nil, err
		}
		if u.Scheme != "http" || u.Path != "" && u.Path != "/" || u.RawQuery != "" {
			return nil, fmt.Errorf("target %q: want http://HOST:PORT", t)
		}
		host := u.Hostname()
		ip := net.ParseIP(host)
		if host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return nil, fmt.Errorf("target %q: loadgen only loads loopback addresses", t)
		}
		targets = append(targets, strings.TrimSuffix(t, "/"))
	}
	return targets, nil
}

// ensureUser creates the user id if it does not exist, and returns its
// version.
func ensureUser(client *http.Client, base, id string) (int64, error) {
	res, err := client.Post(base+"/users", "application/json", strings.NewReader(`{"id":"`+id+`"}`))
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusCreated && res.StatusCode != http.StatusConflict {
		return 0, fmt.Errorf("POST /users %s: %s", id, res.Status)
	}
	return version(client, base, id)
}

var etagVersion = regexp.MustCompile(`^"v([0-9]+)"$`)

// version returns the version in the ETag of user id.
func version(client *http.Client, base, id string) (int64, error) {
	res, err := client.Get(base + "/users/" + id)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	m := etagVersion.FindStringSubmatch(res.Header.Get("ETag"))
	if res.StatusCode != http.StatusOK || m == nil {
		return 0, fmt.Errorf("GET %s: %s, ETag %q", id, res.Status, res.Header.Get("ETag"))
	}
	return strconv.ParseInt(m[1], 10, 64)
}

// patch sends one PATCH and returns its status.
func patch(client *http.Client, target, body string) (int, error) {
	req, err := http.NewRequest("PATCH", target, strings.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/merge-patch+json")
	res, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	_, err = io.Copy(io.Discard, res.Body)
	return res.StatusCode, err
}

// percentile returns the p-th percentile of sorted, by the nearest rank.
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p + 99) / 100
	return sorted[max(i, 1)-1]
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
}
