package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/deepmerge-go/deepmerge"
)

// problemBase is where the problem types are documented: each type is
// this URI with the type's name as its fragment.
const problemBase = "https://github.com/deepmerge-go/deepmerge/blob/main/examples/metadata-server/README.md#"

// A problem is an RFC 9457 problem details object, the body of every
// error response. It is also an error, so that a store callback can
// return it.
type problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`

	// Extension members. Pointer is an RFC 6901 JSON Pointer into the
	// request body ("" is the whole body) and Offset the byte offset of
	// the fault in it; they come together.
	Pointer *string `json:"pointer,omitempty"`
	Offset  *int64  `json:"offset,omitempty"`
	Size    *int64  `json:"size,omitempty"`  // bytes the request would take
	Limit   *int64  `json:"limit,omitempty"` // bytes allowed

	header http.Header // response headers to set besides Content-Type
}

func (p *problem) Error() string { return p.Detail }

func newProblem(status int, typ, title, detail string) *problem {
	return &problem{Type: problemBase + typ, Title: title, Status: status, Detail: detail}
}

// at sets the pointer and offset, and appends them to the detail. A
// pointer of more than 256 bytes is cut in the detail; the pointer member
// holds all of it.
func (p *problem) at(pointer string, offset int64) *problem {
	p.Pointer, p.Offset = &pointer, &offset
	p.Detail += fmt.Sprintf(", at JSON Pointer %s, byte offset %d of the request body", quoteCut(pointer, 256, 200), offset)
	return p
}

// write sends p as the response.
func (p *problem) write(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range p.header {
		h[k] = v
	}
	h.Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(p) // a failed write means the client has gone
}

func int64p(n int64) *int64 { return &n }

func unsupportedMediaType(got string, accepted []string) *problem {
	detail := "the request body must be of type " + strconv.Quote(accepted[0])
	for _, a := range accepted[1:] {
		detail += " or " + strconv.Quote(a)
	}
	if got == "" {
		detail += "; the request has no Content-Type"
	} else {
		detail += ", with no charset other than utf-8; it is " + quoteClipped(got)
	}
	return newProblem(http.StatusUnsupportedMediaType, "unsupported-media-type", "Unsupported Media Type", detail)
}

func unsupportedEncoding(coding string) *problem {
	p := newProblem(http.StatusUnsupportedMediaType, "unsupported-media-type", "Unsupported Media Type",
		"the request body must not be encoded; its Content-Encoding is "+quoteClipped(coding))
	p.header = http.Header{"Accept-Encoding": {"identity"}}
	return p
}

func bodyTooLarge(limit int64) *problem {
	p := newProblem(http.StatusRequestEntityTooLarge, "body-too-large", "Request body too large",
		fmt.Sprintf("the request body is over the limit of %d bytes", limit))
	p.Limit = int64p(limit)
	return p
}

func unreadableBody(err error) *problem {
	return newProblem(http.StatusBadRequest, "unreadable-body", "Request body could not be read",
		"reading the request body failed: "+err.Error())
}

// invalidJSON is the problem with a body that deepmerge rejects: its
// Reason, Path and Offset all refer to the body.
func invalidJSON(e *deepmerge.Error) *problem {
	return newProblem(http.StatusBadRequest, "invalid-json", "Invalid JSON in the request body", e.Reason()).at(e.Path, e.Offset)
}

// invalidPatch is the problem with a body that is JSON but not a patch of
// a user's metadata.
func invalidPatch(detail, pointer string, offset int64) *problem {
	return newProblem(http.StatusUnprocessableEntity, "invalid-patch", "Invalid metadata patch", detail).at(pointer, offset)
}

func metadataTooLarge(size, limit int) *problem {
	p := newProblem(http.StatusUnprocessableEntity, "metadata-too-large", "Metadata too large",
		fmt.Sprintf("the merged metadata would take %d bytes, over the limit of %d bytes "+
			"(the compact JSON of public_metadata, private_metadata and unsafe_metadata together); nothing was stored",
			size, limit))
	p.Size, p.Limit = int64p(int64(size)), int64p(int64(limit))
	return p
}

func invalidUser(detail, pointer string, offset int64) *problem {
	return newProblem(http.StatusUnprocessableEntity, "invalid-user", "Invalid user", detail).at(pointer, offset)
}

func notFound(id string) *problem {
	return newProblem(http.StatusNotFound, "not-found", "User not found", "there is no user with id "+quoteClipped(id))
}

func userExists(id string) *problem {
	return newProblem(http.StatusConflict, "user-exists", "User exists", "a user with id "+quoteClipped(id)+" exists already")
}

func editConflict(id string) *problem {
	return newProblem(http.StatusConflict, "edit-conflict", "Edit conflict",
		"user "+quoteClipped(id)+" was changed by other requests at every try; nothing was changed, and the request may be sent again")
}

func preconditionFailed(id, current string) *problem {
	p := newProblem(http.StatusPreconditionFailed, "precondition-failed", "Precondition Failed",
		"If-Match does not match the current ETag "+current+" of user "+quoteClipped(id)+"; nothing was changed")
	p.header = http.Header{"Etag": {current}}
	return p
}

// serverFault is the problem for a fault of the server. Its detail says
// nothing of the cause, which is logged instead: the client neither caused
// it nor can fix it, and the cause may name stored data.
func serverFault() *problem {
	return newProblem(http.StatusInternalServerError, "server-fault", "Internal Server Error",
		"the server failed to handle the request; the fault is logged, nothing was changed")
}
