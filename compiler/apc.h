/*
 * apc.h: the public pipeline API of apc, the action-program compiler.
 * Included by main.c, the tests and the fuzz targets; stage files include internal.h.
 *
 * A process makes one apc_session (patterns, schema, library, stylesheets loaded once),
 * then compiles any number of documents with apc_compile, from any number of threads.
 * Ownership: apc_compile returns an apc_result the caller frees with apc_result_free;
 * the result owns its source, its tree and its diagnostics.
 */
#ifndef APC_H
#define APC_H

#include <stddef.h>
#include <stdint.h>
#include <libxml/tree.h>

#define APC_NS     "urn:apc:program:1"
#define APC_SRC_NS "urn:apc:source:1"

typedef enum { APC_NOTE = 0, APC_WARNING = 1, APC_ERROR = 2, APC_OFF = 3 } apc_sev;
typedef enum { APC_LANG_VI = 0, APC_LANG_EN = 1 } apc_lang;

/* A mechanical fix: replace characters [col, end_col) of line by text (1-based columns in
 * characters, as a diagnostic's). */
typedef struct apc_fix {
	unsigned line, col, end_col;
	char *text;                   /* NULL: no fix known */
	char *old;                    /* the characters replaced, as seen (NULL: not checked) */
	struct apc_fix *next;         /* more replacements of the same fix (one tone-mark placement
	                               * throughout the document), owned; NULL for one */
	struct apc_fix *tail;         /* the diagnostic's own: the last replacement diag_fix_add
	                               * chained (appending stays linear), or NULL */
} apc_fix;

/* One diagnostic. msg[APC_LANG_VI], msg[APC_LANG_EN] and fix.text are owned by the diag list.
 * Past DIAG_CAP diagnostics of one rule in a file, the rest are folded into one record
 * (diag.c): hidden > 0, kind the rule's, line and col the first folded one's, msg the
 * diagnostics-not-shown note, fix every folded one's replacements chained, hidden_lines their
 * lines (baselines fingerprint each). */
typedef struct apc_diag {
	unsigned line, col, end_col;  /* 1-based; col and end_col in characters; 0 = whole file */
	apc_sev sev;                  /* after the user's configuration */
	size_t kind;                  /* index into catalog_entries */
	char *msg[2];
	apc_fix fix;
	size_t hidden;                /* a record: how many it stands for; 0 for a diagnostic */
	unsigned *hidden_lines;       /* a record: their lines, owned */
} apc_diag;

typedef struct apc_diags {
	apc_diag *v;
	size_t n, cap;
	struct diag_tally *tally;     /* per rule: how many emitted, where its record is (diag.c) */
} apc_diags;

/* One line of the source, as read: NFC, without its newline. */
typedef struct apc_line {
	const char *s;
	size_t len;
} apc_line;

/* A character read.c took out of a line (a zero-width character or a bidirectional control,
 * utf8_hidden): its line, the column (in the text as read) of the character it stood before,
 * and the code point. */
typedef struct apc_drop {
	unsigned line, col;
	int32_t cp;
} apc_drop;

/* Where a piece of a line read from a .docx comes from: from character column col of line
 * on, the text is paragraph para's from its column pcol. */
typedef struct apc_seg {
	unsigned line, col, para, pcol;
} apc_seg;

typedef struct apc_source {
	char *path;       /* as given on the command line */
	char *text;       /* whole text: UTF-8, NFC, '\n' line ends, NUL-terminated */
	size_t len;
	apc_line *lines;  /* lines[0] is line 1 */
	size_t nlines;
	/* A .docx (all NULL for text): segs maps the lines to Word's paragraphs (sorted by line
	 * and column), paras holds the paragraphs' text one a line, format the page format
	 * (struct docx_format, docx.h). After the pipeline lines are the paragraphs. */
	apc_seg *segs;
	size_t nsegs;
	char *paras;
	struct docx_format *format;
	const char *encoding;   /* the legacy encoding the text was converted from, or NULL */
	/* What read.c took out of the lines, sorted by line and column (NULL for most files).
	 * After the pipeline (read_remap) lines and columns are the file's: the lines hold these
	 * characters again. */
	apc_drop *drops;
	size_t ndrops;
	int stop;               /* nothing could be read: the later stages are skipped */
} apc_source;

/* User configuration: per-rule severity (APC_OFF disables), --werror, language. */
typedef struct apc_config {
	signed char *sev;   /* catalog_count entries; -1 = the rule's default */
	int werror;
	apc_lang lang;
	int lang_set;       /* lang was given on the command line (it wins over apc.conf) */
} apc_config;

struct apc_library;
struct apc_render;
struct config_cache;
struct apc_patterns;

typedef struct apc_session {
	struct apc_library *lib;
	struct apc_render *render;   /* NULL until render_open is called */
	void *schema;                /* xmlRelaxNGPtr, compiled once */
	struct config_cache *conf;   /* apc.conf settings per directory, read once (config.c) */
	struct apc_patterns *patterns;   /* every compiled pattern set (re.h) */
	const char *datadir;         /* where schemas/, library/, stylesheets/ live */
	const char *encoding;        /* --encoding: the legacy encoding of every text, or NULL */
} apc_session;

typedef struct apc_result {
	apc_source src;
	xmlDocPtr doc;       /* NULL when the file could not be read */
	struct facts *facts; /* what the tree says, read once after validation (facts.h), or NULL */
	apc_diags diags;
	int failed;          /* the run failed for this file (unreadable): exit 2 */
} apc_result;

/* Make the session: compile patterns, the schema, load the library (datadir/library and the
 * extra directories). Returns 0, or -1 with a message on stderr (what was made is freed).
 * Everything compiled belongs to the session and is freed by apc_session_close; a session may
 * be opened again after it is closed. */
int apc_session_open(apc_session *, const char *datadir, char *const *libdirs, size_t nlibdirs);
void apc_session_close(apc_session *);

/* Read, lex, parse, normalize, validate, check one file (or buffer when bytes != NULL). */
void apc_compile(const apc_session *, const char *path, const char *bytes, size_t len, apc_result *);
/* Only what a run must know of a file before it checks any (its symbol, its date, its parents):
 * read, lex, parse and the facts; no validation, no rules. The tree and the facts are
 * apc_compile's; the diagnostics are the parser's only, and not sorted. */
void apc_compile_facts(const apc_session *, const char *path, const char *bytes, size_t len, apc_result *);
void apc_result_free(apc_result *);

#endif
