package deepmerge

// MediaType is the media type of a JSON merge patch, registered by
// RFC 7396 section 4, for the Content-Type of a PATCH request that carries
// one.
const MediaType = "application/merge-patch+json"
