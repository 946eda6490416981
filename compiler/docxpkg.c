/*
 * docxpkg.c: the .docx package: the zip archive read from memory with libzip and its parts
 * parsed as XML, within the limits docx.c's header comment states.
 */
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <utf8proc.h>
#include "docxread.h"

int
docx_is_zip(const char *bytes, size_t n)
{
	return n >= 4 && memcmp(bytes, "PK\003\004", 4) == 0;
}


/* Read the part name into *buf (NUL-terminated). 1 read, 0 absent, -1 refused (pk->err). */
int
docx_part(pkg *pk, const char *name, char **buf, size_t *len)
{
	zip_stat_t st;
	zip_stat_init(&st);
	zip_int64_t idx = zip_name_locate(pk->z, name, ZIP_FL_NOCASE);
	if (idx < 0 || zip_stat_index(pk->z, (zip_uint64_t)idx, 0, &st) != 0)
		return 0;
	if ((st.valid & ZIP_STAT_SIZE) && st.size > DOCX_MAX_PART) {
		pk->err = xasprintf("%s is %llu bytes uncompressed (at most %u)", name, (unsigned long long)st.size, DOCX_MAX_PART);
		return -1;
	}
	zip_file_t *f = zip_fopen_index(pk->z, (zip_uint64_t)idx, 0);
	if (f == NULL) {
		pk->err = xasprintf("%s: %s", name, zip_strerror(pk->z));
		return -1;
	}
	size_t cap = (st.valid & ZIP_STAT_SIZE) && st.size < DOCX_MAX_PART ? (size_t)st.size + 1 : 65536, n = 0;
	char *p = xmalloc(cap + 1);
	int rc = 1;
	for (;;) {
		if (n == cap) {
			if (cap > DOCX_MAX_PART) {
				pk->err = xasprintf("%s inflates past %u bytes", name, DOCX_MAX_PART);
				rc = -1;
				break;
			}
			cap *= 2;
			p = xrealloc(p, cap + 1);
		}
		zip_int64_t r = zip_fread(f, p + n, cap - n);
		if (r < 0) {
			pk->err = xasprintf("%s: %s", name, zip_file_strerror(f));
			rc = -1;
			break;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		/* a bomb: far more out than went in (a real document.xml inflates 5 to 20 times) */
		if ((st.valid & ZIP_STAT_COMP_SIZE) && n > (1u << 20) && n / (st.comp_size + 1) > DOCX_MAX_RATIO) {
			pk->err = xasprintf("%s inflates more than %u times its compressed size (a zip bomb?)", name, DOCX_MAX_RATIO);
			rc = -1;
			break;
		}
	}
	zip_fclose(f);
	if (rc != 1) {
		free(p);
		return rc;
	}
	pk->total += n;
	if (pk->total > DOCX_MAX_TOTAL) {
		pk->err = xasprintf("the parts inflate past %u bytes together (a zip bomb?)", DOCX_MAX_TOTAL);
		free(p);
		return -1;
	}
	p[n] = '\0';
	*buf = p;
	*len = n;
	return 1;
}

static int
name_safe(const char *s)
{
	if (s[0] == '/' || strchr(s, '\\') || strstr(s, "//"))
		return 0;
	for (const char *p = s; *p;) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return 0;
		if (e == NULL)
			break;
		p = e + 1;
	}
	return 1;
}

/* The nodes libxml2 would make of buf, at most: each start tag, and each text after a tag (a
 * '>' in a value or a text counts one more). Before the parse, whose tree is the memory. */
static size_t
xml_nodes(const char *buf, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i + 1 < len; i++)
		n += (buf[i] == '<' && buf[i + 1] != '/') || (buf[i] == '>' && buf[i + 1] != '<');
	return n;
}

/* Parse a part as XML, safely. NULL and pk->err when it is not well-formed, has a DTD, or
 * takes the parts past DOCX_MAX_NODES. */
xmlDocPtr
docx_part_xml(pkg *pk, const char *name, int required)
{
	char *buf = NULL;
	size_t len = 0;
	int r = docx_part(pk, name, &buf, &len);
	if (r <= 0) {
		if (r == 0 && required)
			pk->err = xasprintf("no %s in the archive: not a Word document", name);
		return NULL;
	}
	xmlDocPtr doc = NULL;
	pk->nodes += xml_nodes(buf, len);
	if (memmem(buf, len, "<!DOCTYPE", 9) || memmem(buf, len, "<!ENTITY", 8))
		pk->err = xasprintf("%s declares a DOCTYPE (refused)", name);
	else if (pk->nodes > DOCX_MAX_NODES)
		pk->err = xasprintf("%s takes the XML past %u elements and texts (a real document has far fewer)", name,
		    DOCX_MAX_NODES);
	else if (len > INT32_MAX ||
	    (doc = xmlReadMemory(buf, (int)len, name, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)) == NULL)
		pk->err = xasprintf("%s is not well-formed XML", name);
	else if (doc->intSubset != NULL) {
		/* the byte test above sees only ASCII-compatible encodings: a UTF-16 part's DOCTYPE
		 * is found here, before any entity of it is expanded (50 KB referenced 20,000 times
		 * is a gigabyte of text) */
		pk->err = xasprintf("%s declares a DOCTYPE (refused)", name);
		xmlFreeDoc(doc);
		doc = NULL;
	}
	free(buf);
	return doc;
}


int
docx_pkg_open(pkg *pk, const char *bytes, size_t n)
{
	zip_error_t ze;
	zip_source_t *zs = NULL;
	int rc = -1;

	memset(pk, 0, sizeof *pk);
	zip_error_init(&ze);
	if ((zs = zip_source_buffer_create(bytes, n, 0, &ze)) == NULL ||
	    (pk->z = zip_open_from_source(zs, ZIP_RDONLY, &ze)) == NULL) {
		pk->err = xasprintf("not a zip archive (%s)", zip_error_strerror(&ze));
		if (zs)
			zip_source_free(zs);
		goto out;
	}
	zip_int64_t ne = zip_get_num_entries(pk->z, 0);
	if (ne > DOCX_MAX_ENTRIES) {
		pk->err = xasprintf("%lld entries in the archive (at most %u)", (long long)ne, DOCX_MAX_ENTRIES);
		goto out;
	}
	pk->nentries = ne > 0 ? (size_t)ne : 0;
	for (zip_int64_t i = 0; i < ne; i++) {
		const char *name = zip_get_name(pk->z, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
		if (name == NULL || !name_safe(name)) {
			pk->err = xasprintf("unsafe entry name \"%s\" in the archive", name ? name : "?");
			goto out;
		}
	}
	if (zip_name_locate(pk->z, "content.xml", 0) >= 0 && zip_name_locate(pk->z, "word/document.xml", 0) < 0) {
		pk->err = xstrdup("an OpenDocument file (.odt): save it as .docx (Word) or as plain text (UTF-8)");
		goto out;
	}
	rc = 0;
out:
	zip_error_fini(&ze);      /* the message zip_error_strerror may have made */
	return rc;
}

void
docx_pkg_close(pkg *pk)
{
	free(pk->err);
	if (pk->z)
		zip_discard(pk->z);
	memset(pk, 0, sizeof *pk);
}
