package web

// LocalPath exposes the redirect-target rule to the external tests.
var LocalPath = localPath

// MaxNextLength is the longest redirect target kept.
const MaxNextLength = maxNextLength
