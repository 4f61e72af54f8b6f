/* validate.h - XSD validation and safe parsing of foreign XML (libxml2). */
#ifndef POA_VALIDATE_H
#define POA_VALIDATE_H

#include <glib.h>
#include <libxml/tree.h>

#include "model.h"

/** Largest XML file validate reads (bytes). */
#define VALIDATE_MAX_XML_BYTES (64u * 1024u * 1024u)

/** Which embedded schema. */
typedef enum validate_schema {
    VALIDATE_PROGRAMA,    /* schemas/programa-trabajo.xsd */
    VALIDATE_VALIDACION   /* schemas/validacion.xsd */
} validate_schema;

/** Validate DOC against an embedded schema.  Returns 0 when valid;
 *  -POA_E_INVALID with ERR's message naming the first error's line and
 *  cause; -POA_E_INTERNAL on a library failure.  ERRORS, when not NULL,
 *  receives every error as a newly allocated "LINE: message" string. */
int validate_document(xmlDocPtr doc, validate_schema which, GPtrArray *errors,
                      poa_error *err);

/** Validate the XML text XML[0..LEN) (our own output: trusted) against an
 *  embedded schema as it is read, without building a document tree.
 *  Returns as validate_document.  ERRORS, when given, name the lines of
 *  the text; without them ERR names the first error's element path (an
 *  invalid conversion is never written: its lines would name nothing). */
int validate_memory(const char *xml, size_t len, validate_schema which, GPtrArray *errors,
                    poa_error *err);

/** validate_memory for the XML file open as FD (our own output, just
 *  written), read from its current offset; FD stays open. */
int validate_fd(int fd, validate_schema which, GPtrArray *errors, poa_error *err);

/** validate_memory (XML given) or validate_fd (XML NULL: FD) through a
 *  document tree: for a document with a text node of megabytes, which
 *  libxml2's reader joins in time that grows with its square.  Costs the
 *  tree's memory. */
int validate_tree_of(const char *xml, size_t len, int fd, validate_schema which,
                     GPtrArray *errors, poa_error *err);

/** Parse untrusted XML safely: no network, no DTD or external entity
 *  loading, no entity expansion, size limited.  Caller frees the result
 *  with xmlFreeDoc.  Errors: POA_E_UNSAFE, POA_E_FORMAT (not well-formed,
 *  with line), POA_E_EMPTY. */
xmlDocPtr validate_parse_untrusted(const char *data, size_t len, const char *name,
                                   poa_error *err);

#endif /* POA_VALIDATE_H */
