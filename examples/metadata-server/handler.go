package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/deepmerge-go/deepmerge"
)

// config holds the limits of the server.
type config struct {
	// MaxBody is the most bytes of a request body.
	MaxBody int64
	// MaxDepth is the deepest nesting of a PATCH body, whose top-level
	// object is at depth 1 and a metadata object at depth 2. It applies
	// to the stored documents too, which the same merge reads: lowering
	// it below what is stored makes those users fail with 500.
	MaxDepth int
	// MaxMetadata is the most bytes of a user's three metadata objects
	// together, counted as [metadata.size] counts them.
	MaxMetadata int
}

// defaultConfig is the configuration the flags default to.
var defaultConfig = config{MaxBody: 64 << 10, MaxDepth: 32, MaxMetadata: 8 << 10}

// server serves the users API from a store.
type server struct {
	store store
	cfg   config
	opts  deepmerge.Options
	log   *slog.Logger
}

// newHandler returns the handler of the API:
//
//	POST  /users               create a user (201, Location)
//	GET   /users/{id}          the user with its three metadata objects
//	PATCH /users/{id}/metadata merge a patch into the metadata
//	PUT   /users/{id}/metadata replace metadata objects whole
//
// Errors are RFC 9457 problem details. Each request is logged to log
// when it is answered, at level INFO, and faults of the server, with the
// user's id, at level ERROR.
func newHandler(st store, cfg config, log *slog.Logger) http.Handler {
	s := &server{store: st, cfg: cfg, opts: deepmerge.Options{MaxDepth: cfg.MaxDepth, ObjectPatch: true}, log: log}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /users", s.createUser)
	mux.HandleFunc("GET /users/{id}", s.getUser)
	mux.HandleFunc("PATCH /users/{id}/metadata", s.patchMetadata)
	mux.HandleFunc("PUT /users/{id}/metadata", s.replaceMetadata)
	return logRequests(mux, log)
}

// logRequests returns a handler that serves h and then logs the request's
// method, path (cut to 256 bytes), status and duration.
func logRequests(h http.Handler, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		h.ServeHTTP(sw, r)
		if sw.status == 0 { // nothing written: net/http sends 200
			sw.status = http.StatusOK
		}
		path := r.URL.Path
		if len(path) > 256 {
			path = strings.ToValidUTF8(path[:256], "") + "…"
		}
		log.Info("request", "method", r.Method, "path", path, "status", sw.status, "duration", time.Since(start))
	})
}

// statusWriter is a ResponseWriter that notes the status sent.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap returns the ResponseWriter of net/http, for
// [net/http.ResponseController] and for [server.readBody].
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// patchTypes are the media types a PATCH body may have: RFC 7396's own,
// and plain JSON, which many clients send.
var patchTypes = []string{deepmerge.MediaType, "application/json"}

// patchMetadata merges the body, a merge patch of the user's metadata
// document, into that document. The order of the checks:
//
//  1. the id (404), the Content-Type and Content-Encoding (415) and the
//     body's size (413), before anything is read from the store, so that
//     no lock is held while a client sends its body;
//  2. in one transaction: the user exists (404), If-Match (412), then one
//     merge, which reads the whole body before the stored document, so a
//     fault of the body (400, 422) always comes before one of the stored
//     document (500); and the size of the result (422).
func (s *server) patchMetadata(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !validID(id) {
		s.fail(w, id, notFound(id))
		return
	}
	if p := checkContentType(r.Header.Get("Content-Type"), patchTypes); p != nil {
		p.header = http.Header{"Accept-Patch": {strings.Join(patchTypes, ", ")}}
		s.fail(w, id, p)
		return
	}
	body, p := s.readBody(w, r)
	if p != nil {
		s.fail(w, id, p)
		return
	}
	cond := parseIfMatch(r.Header.Values("If-Match"))

	var m metadata
	u, err := s.store.update(r.Context(), id, func(u user) ([]byte, error) {
		if !cond.matches(etag(u)) {
			return nil, preconditionFailed(id, etag(u))
		}
		doc, merged, err := s.merge(u.Metadata, body)
		if err != nil {
			return nil, err
		}
		m = merged
		if old, err := parseDocument(u.Metadata); err == nil && old.equal(merged) {
			// The same representation, as when a missing object
			// becomes {}: the stored text and the tag stay.
			return u.Metadata, nil
		}
		return doc, nil
	})
	if err != nil {
		s.fail(w, id, err)
		return
	}
	s.writeUser(w, http.StatusOK, u, m)
}

// merge returns the stored document with body merged into it, and its
// metadata. Its error is a *problem for a fault of the body, and a
// *storedFault for one of the stored document.
func (s *server) merge(stored, body []byte) ([]byte, metadata, error) {
	// ObjectPatch: a body that is not an object (null, [], a scalar)
	// would replace the whole document, as RFC 7396 says; on this
	// resource it is refused, after the body is read strictly and before
	// the stored document is.
	merged, err := s.opts.MergeJSON(stored, body)
	var e *deepmerge.Error
	if errors.Is(err, deepmerge.ErrNotObject) && errors.As(err, &e) {
		return nil, metadata{}, invalidPatch("the request body must be a JSON object, not "+kind(body[e.Offset:]), "", e.Offset)
	}
	if errors.As(err, &e) && e.Input == "patch" {
		return nil, metadata{}, invalidJSON(e)
	}
	// The body is one strict JSON value now, even if err is not nil: the
	// merge checks all of the patch before it reports a fault of the
	// target. So its shape is checked before the stored document is
	// blamed for anything.
	if p := checkPatch(body); p != nil {
		return nil, metadata{}, p
	}
	if err != nil {
		return nil, metadata{}, &storedFault{err}
	}
	if err := s.checkStored(stored); err != nil {
		// A fault in a part of the stored document that the merge copied
		// without reading.
		return nil, metadata{}, &storedFault{err}
	}
	if i := skipSpace(stored, 0, 0); len(stored) > 0 && (i == int64(len(stored)) || stored[i] != '{') {
		// Not an object, such as []: the merge replaces it, as RFC 7396
		// says, but it is not a document this server writes.
		return nil, metadata{}, &storedFault{fmt.Errorf("stored document: offset %d: %s is not an object", i, kind(stored[i:]))}
	}
	m, err := parseDocument(merged)
	if err != nil { // a stored member that the patch did not replace
		return nil, metadata{}, &storedFault{err}
	}
	if n := m.size(); n > s.cfg.MaxMetadata {
		return nil, metadata{}, metadataTooLarge(n, s.cfg.MaxMetadata)
	}
	return merged, m, nil
}

// checkPatch returns the problem with body, one valid JSON value, as a
// patch of a metadata document: it must be an object whose members are
// among metadataNames, each an object or null. It returns nil if there is
// none. The offset of a member that is not allowed is that of its name;
// the offset of a value of the wrong kind is that of the value.
func checkPatch(body []byte) *problem {
	members, at, err := topMembers(body)
	if err != nil { // not reached: deepmerge accepted body
		return invalidPatch("the request body is not valid JSON: "+err.Error(), "", 0)
	}
	if members == nil { // not reached: the merge refused a patch that is not an object
		return invalidPatch("the request body must be a JSON object, not "+kind(body[at:]), "", at)
	}
	for _, mb := range members {
		pointer := "/" + escapeToken(mb.name)
		if metadataIndex(mb.name) < 0 {
			return invalidPatch("unknown member "+quoteClipped(mb.name)+
				": a patch may hold only public_metadata, private_metadata and unsafe_metadata", pointer, mb.nameAt)
		}
		if c := mb.value[0]; c != '{' && c != 'n' {
			return invalidPatch(mb.name+" must be an object or null, not "+kind(mb.value), pointer, mb.valueAt)
		}
	}
	return nil
}

// replaceMetadata replaces the metadata objects that the body names, and
// leaves the others as they are. The body is an object whose members are
// among metadataNames, each an object, stored as it is given (compacted,
// its nulls kept, since a replacement is not a merge), or null, stored as
// {}. The order of the checks:
//
//  1. the id (404), the Content-Type and Content-Encoding (415), the
//     body's size (413), and the body itself (400, 422), before anything
//     is read from the store;
//  2. in one update of the store: the user exists (404), If-Match (412),
//     the stored document (500; not read when the body names all three
//     objects, so that such a PUT repairs a document the server rejects),
//     and the size of the result (422).
func (s *server) replaceMetadata(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !validID(id) {
		s.fail(w, id, notFound(id))
		return
	}
	if p := checkContentType(r.Header.Get("Content-Type"), patchTypes[1:]); p != nil {
		s.fail(w, id, p)
		return
	}
	body, p := s.readBody(w, r)
	if p != nil {
		s.fail(w, id, p)
		return
	}
	given, p := s.replacement(body)
	if p != nil {
		s.fail(w, id, p)
		return
	}
	all := given[0] != nil && given[1] != nil && given[2] != nil
	cond := parseIfMatch(r.Header.Values("If-Match"))

	var m metadata
	u, err := s.store.update(r.Context(), id, func(u user) ([]byte, error) {
		if !cond.matches(etag(u)) {
			return nil, preconditionFailed(id, etag(u))
		}
		old, err := s.readStored(u.Metadata)
		if err != nil && !all {
			return nil, &storedFault{err}
		}
		m = old
		for i, v := range given {
			if v != nil {
				m[i] = v
			}
		}
		if n := m.size(); n > s.cfg.MaxMetadata {
			return nil, metadataTooLarge(n, s.cfg.MaxMetadata)
		}
		if err == nil && old.equal(m) {
			return u.Metadata, nil // the same representation: the tag stays
		}
		return m.document(), nil
	})
	if err != nil {
		s.fail(w, id, err)
		return
	}
	s.writeUser(w, http.StatusOK, u, m)
}

// replacement returns the objects that a PUT body gives, indexed as
// metadataNames, as compact text: nil for one the body does not name, {}
// for null. Its problem is that of a PATCH body with the same fault: the
// rules of the body's shape are the same.
func (s *server) replacement(body []byte) (metadata, *problem) {
	var given metadata
	if err := s.opts.Validate(body); err != nil {
		var e *deepmerge.Error
		if errors.As(err, &e) {
			return given, invalidJSON(e)
		}
		return given, unreadableBody(err) // not reached: Validate returns only *deepmerge.Error
	}
	if p := checkPatch(body); p != nil {
		return given, p
	}
	members, _, err := topMembers(body)
	if err != nil { // not reached: checkPatch read the same members
		return given, unreadableBody(err)
	}
	for _, mb := range members {
		i := metadataIndex(mb.name)
		if mb.value[0] == 'n' {
			given[i] = emptyObject
			continue
		}
		var b bytes.Buffer
		if err := json.Compact(&b, mb.value); err != nil { // not reached: Validate accepted it
			return given, unreadableBody(err)
		}
		given[i] = b.Bytes()
	}
	return given, nil
}

// getUser returns the user and its ETag.
func (s *server) getUser(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !validID(id) {
		s.fail(w, id, notFound(id))
		return
	}
	u, err := s.store.get(r.Context(), id)
	if err != nil {
		s.fail(w, id, err)
		return
	}
	m, err := s.readStored(u.Metadata)
	if err != nil {
		s.fail(w, id, &storedFault{err})
		return
	}
	s.writeUser(w, http.StatusOK, u, m)
}

// readStored returns the metadata of a stored document, which must be
// strict JSON through and through: the merge reads only the objects that
// a patch reaches, so a repeated name elsewhere, which another program
// may have written, would otherwise be served and written back.
func (s *server) readStored(doc []byte) (metadata, error) {
	if err := s.checkStored(doc); err != nil {
		return metadata{}, err
	}
	return parseDocument(doc)
}

// checkStored reports whether the stored document doc, which may be
// empty (NULL), is strict JSON throughout.
func (s *server) checkStored(doc []byte) error {
	if len(doc) == 0 {
		return nil
	}
	if err := s.opts.Validate(doc); err != nil {
		return fmt.Errorf("stored document: %w", err)
	}
	return nil
}

// createUser creates a user with no metadata. The body is empty, {} or
// {"id": "…"} to choose the id; without one, the server makes one up.
func (s *server) createUser(w http.ResponseWriter, r *http.Request) {
	body, p := s.readBody(w, r)
	if p != nil {
		s.fail(w, "", p)
		return
	}
	id := ""
	if len(body) > 0 {
		if p := checkContentType(r.Header.Get("Content-Type"), patchTypes[1:]); p != nil {
			s.fail(w, "", p)
			return
		}
		if id, p = s.chosenID(body); p != nil {
			s.fail(w, "", p)
			return
		}
	}
	if id == "" {
		id = "user_" + rand.Text()
	}
	u, err := s.store.create(r.Context(), id)
	if err != nil {
		s.fail(w, id, err)
		return
	}
	w.Header().Set("Location", "/users/"+id)
	s.writeUser(w, http.StatusCreated, u, metadata{emptyObject, emptyObject, emptyObject})
}

// chosenID returns the id that a POST body asks for, or "".
func (s *server) chosenID(body []byte) (string, *problem) {
	if err := s.opts.Validate(body); err != nil {
		var e *deepmerge.Error
		if errors.As(err, &e) {
			return "", invalidJSON(e)
		}
		return "", unreadableBody(err) // not reached: Validate returns only *deepmerge.Error
	}
	members, at, err := topMembers(body)
	if err != nil { // not reached: Validate accepted body
		return "", unreadableBody(err)
	}
	if members == nil {
		return "", invalidUser("the request body must be a JSON object, not "+kind(body[at:]), "", at)
	}
	id := ""
	for _, mb := range members {
		if mb.name != "id" {
			return "", invalidUser("unknown member "+quoteClipped(mb.name)+": a new user may have only an id", "/"+escapeToken(mb.name), mb.nameAt)
		}
		if json.Unmarshal(mb.value, &id) != nil || !validID(id) {
			return "", invalidUser("id must be a string of 1 to 64 ASCII letters, digits, '_' and '-'", "/id", mb.valueAt)
		}
	}
	return id, nil
}

// storedFault is a stored document that cannot be read or merged into:
// the server's fault, never the client's.
type storedFault struct{ err error }

func (f *storedFault) Error() string { return f.err.Error() }

// fail sends the response for err: a *problem as it is; the store's
// errNotFound and errExists as 404 and 409; anything else, a stored
// document that cannot be read included, as 500, logged with the user's
// id and the error (as a warning when the client canceled the request).
func (s *server) fail(w http.ResponseWriter, id string, err error) {
	var p *problem
	var f *storedFault
	switch {
	case errors.As(err, &p):
	case errors.Is(err, errNotFound):
		p = notFound(id)
	case errors.Is(err, errExists):
		p = userExists(id)
	case errors.Is(err, errConflict):
		// Contention, not a fault: the client may send the request again.
		s.log.Warn("gave up on a contended user", "user", id, "err", err)
		p = editConflict(id)
	case errors.As(err, &f):
		s.log.Error("stored metadata rejected", "user", id, "err", f.err)
		p = serverFault()
	case errors.Is(err, context.Canceled):
		// The client went away, most likely while waiting for the writer;
		// the transaction, if any, was rolled back.
		s.log.Warn("request canceled", "user", id, "err", err)
		p = serverFault()
	default:
		s.log.Error("request failed", "user", id, "err", err)
		p = serverFault()
	}
	p.write(w)
}

// writeUser sends the user as JSON with its ETag.
func (s *server) writeUser(w http.ResponseWriter, status int, u user, m metadata) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store") // private metadata stays out of shared caches
	h.Set("Etag", etag(u))
	w.WriteHeader(status)
	w.Write(appendUser(make([]byte, 0, 128+m.size()), u.ID, m)) // a failed write means the client has gone
}

// readBody returns the request body, or the problem reading it: 415 for a
// Content-Encoding other than identity, which the server does not decode;
// 413 for one over the limit. http.MaxBytesReader also tells the server
// to close the connection after such a response, rather than read the
// rest.
func (s *server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, *problem) {
	for _, v := range r.Header.Values("Content-Encoding") {
		for _, c := range strings.Split(v, ",") {
			if c = strings.TrimSpace(c); c != "" && !strings.EqualFold(c, "identity") {
				return nil, unsupportedEncoding(c)
			}
		}
	}
	if r.ContentLength > s.cfg.MaxBody {
		return nil, bodyTooLarge(s.cfg.MaxBody)
	}
	if u, ok := w.(interface{ Unwrap() http.ResponseWriter }); ok {
		w = u.Unwrap() // MaxBytesReader closes the connection through net/http's own writer
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBody))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return nil, bodyTooLarge(s.cfg.MaxBody)
	case err != nil:
		return nil, unreadableBody(err)
	}
	return body, nil
}

// checkContentType returns nil if the Content-Type ct names one of the
// accepted media types with no charset or charset=utf-8 (JSON is UTF-8
// text), and otherwise the 415 problem. Other parameters are allowed.
func checkContentType(ct string, accepted []string) *problem {
	mt, params, err := mime.ParseMediaType(ct)
	if err == nil {
		for _, a := range accepted {
			if mt == a {
				if cs, ok := params["charset"]; !ok || strings.EqualFold(cs, "utf-8") {
					return nil
				}
			}
		}
	}
	return unsupportedMediaType(ct, accepted)
}

// etag returns the user's ETag: its version, a strong validator.
//
// A version counter rather than a hash of the document: it comes with the
// row, so a GET hashes nothing, and it changes exactly when a change is
// committed. A PATCH that leaves the representation as it was writes
// nothing, so it keeps the tag, as a hash would. Since a representation
// is made from the id and the document alone, one version has one
// representation, so the tag may be strong.
func etag(u user) string {
	return `"v` + strconv.FormatInt(u.Version, 10) + `"`
}

// ifMatch is an If-Match condition.
type ifMatch struct {
	present bool     // the request has an If-Match header
	any     bool     // it holds "*"
	tags    []string // its strong entity tags, quotes included
}

// parseIfMatch reads the values of the If-Match header fields, each a
// comma-separated list of entity tags or "*" (RFC 9110, section 13.1.1).
// Weak tags are dropped, since If-Match compares strongly, and so are
// elements that are not entity tags: a header that holds no tag matches
// nothing.
func parseIfMatch(values []string) ifMatch {
	c := ifMatch{present: len(values) > 0}
	for _, v := range values {
		for v != "" {
			v = strings.TrimLeft(v, " \t,")
			weak := strings.HasPrefix(v, "W/")
			if weak {
				v = v[2:]
			}
			switch {
			case v == "":
			case v[0] == '*':
				c.any = true
				v = v[1:]
			case v[0] == '"':
				end := strings.IndexByte(v[1:], '"')
				if end < 0 {
					v = ""
					break
				}
				if !weak {
					c.tags = append(c.tags, v[:end+2])
				}
				v = v[end+2:]
			default: // not an entity tag: skip to the next element
				if i := strings.IndexByte(v, ','); i >= 0 {
					v = v[i:]
				} else {
					v = ""
				}
			}
		}
	}
	return c
}

// matches reports whether a resource whose current ETag is current meets
// the condition.
func (c ifMatch) matches(current string) bool {
	if !c.present || c.any {
		return true
	}
	for _, t := range c.tags {
		if t == current {
			return true
		}
	}
	return false
}

// validID reports whether id is one this server creates or accepts: 1 to
// 64 ASCII letters, digits, '_' and '-', so that it needs no escaping in a
// URL, a header or a log line.
func validID(id string) bool {
	if len(id) == 0 || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// escapeToken escapes a member name as an RFC 6901 reference token.
func escapeToken(name string) string {
	return strings.ReplaceAll(strings.ReplaceAll(name, "~", "~0"), "/", "~1")
}
