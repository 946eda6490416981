/*
 * internal.h: what the stages share. Included by every C file of compiler/, never by users of
 * apc.h. Each stage's external symbols carry its prefix: read_, lex_, parse_, norm_, library_,
 * validate_, rules_, report_, render_, catalog_, diag_, x (allocation).
 */
#ifndef APC_INTERNAL_H
#define APC_INTERNAL_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include "apc.h"

/* ---- util.c: allocation that never returns NULL (exits 2 on exhaustion) ---- */
void *xmalloc(size_t);
void *xcalloc(size_t, size_t);
void *xrealloc(void *, size_t);
char *xstrdup(const char *);
char *xstrndup(const char *, size_t);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list);
/* Print "out of memory" and exit 2. */
void xoom(void) __attribute__((noreturn));
/* p, or exit as xoom does when it is NULL: for constructors of libraries that return NULL when
 * out of memory (pcre2_match_data_create, xmlNewNode, xmlNewDoc, xmlSetProp...). */
void *xnonnull(void *p);
/* Characters (code points) in the first n bytes of valid UTF-8. */
size_t utf8_chars(const char *s, size_t n);
/* utf8_chars(s, at) asked many times of one text in about its order (columns of a line's
 * diagnostics): counted from the last answer, so a line of thousands of them is read once, not
 * once each. Start zeroed; a cursor follows one text s at a time (another s starts it again). */
typedef struct utf8_cursor { const char *s; size_t at, chars; } utf8_cursor;
size_t utf8_chars_at(utf8_cursor *, const char *s, size_t at);
/* Decode the code point of valid UTF-8 (read.c guarantees it) at s[i..n) into *cp; returns its
 * length (at least 1; *cp = -1 for a byte that starts no sequence). The one fast decoder. */
static inline size_t
utf8_next(const char *s, size_t i, size_t n, int32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s + i;
	size_t len = n - i;
	if (u[0] < 0x80)
		return *cp = u[0], 1;
	if ((u[0] & 0xE0) == 0xC0 && len >= 2)
		return *cp = ((u[0] & 0x1F) << 6) | (u[1] & 0x3F), 2;
	if ((u[0] & 0xF0) == 0xE0 && len >= 3)
		return *cp = ((u[0] & 0x0F) << 12) | ((u[1] & 0x3F) << 6) | (u[2] & 0x3F), 3;
	if ((u[0] & 0xF8) == 0xF0 && len >= 4)
		return *cp = ((u[0] & 0x07) << 18) | ((u[1] & 0x3F) << 12) | ((u[2] & 0x3F) << 6) | (u[3] & 0x3F), 4;
	return *cp = -1, 1;
}
/* Decode the code point at s[0..n) (n >= 1) strictly, for text that may be invalid (a path,
 * a message): overlong forms, surrogates and values past U+10FFFF are invalid. Returns its
 * length; an invalid byte is 1 byte with *cp = -1. The one strict decoder (utf8proc's). */
size_t utf8_decode(const char *s, size_t n, int32_t *cp);
/* Does valid UTF-8 s[0..n) hold a lower-case letter? */
int utf8_has_lower(const char *s, size_t n);
/* FNV-1a of p[0..n): the one hash for apc's hash tables. */
size_t hash_fnv1a(const void *p, size_t n);
/* Seconds on the monotonic clock (for durations). */
double clock_seconds(void);
/* A growable string. */
typedef struct strbuf { char *s; size_t len, cap; } strbuf;
void sb_add(strbuf *, const char *, size_t);
void sb_adds(strbuf *, const char *);
void sb_addf(strbuf *, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *sb_take(strbuf *);
/* A set of byte strings (copies), each numbered in the order it was first added:
 * open addressing, so adding and finding cost one hash and a probe whatever the count. */
typedef struct strset { struct strset_slot *v; size_t n, mask; } strset;
/* The number of s[0..len): its own if it is new (*added 1), else the earlier one (*added 0). */
size_t strset_put(strset *, const char *s, size_t len, int *added);
/* The number of s[0..len), or (size_t)-1 when it was never added. */
size_t strset_find(const strset *, const char *s, size_t len);
void strset_free(strset *);
/* Is cp a character that hides (zero-width ones, a byte-order mark, invisible operators: *bidi 0)
 * or a bidirectional control (LRE..RLO, LRI..PDI, LRM, RLM, ALM: *bidi 1)? Its short Unicode
 * name, or NULL. bidi may be NULL. */
const char *utf8_hidden(int32_t cp, int *bidi);
/* s[0..n) for a terminal or an XML attribute: controls (but tab), hidden characters and
 * bidirectional controls (utf8_hidden) as '?', invalid UTF-8 as U+FFFD. malloc'd. */
char *utf8_printable(const char *s, size_t n);
/* Runs of combining marks longer than UTF8_MAX_MARK_RUN cut in place, before NFC (its canonical
 * reordering is quadratic in a run: ten lines of 32,000 marks took minutes). Twice and more what
 * read.c keeps (READ_MAX_MARKS, 30): NFC may compose a few marks with their letter, and read.c
 * must still see the run too long, report it (combining-marks) and cut it to its own limit.
 * Used where text is composed before read.c sees it: a .docx's runs, a legacy encoding's text. */
#define UTF8_MAX_MARK_RUN 64
void utf8_cut_mark_runs(char *s);
/* Append s percent-encoded (all but A-Z a-z 0-9 - . _ ~ /) to b. */
void uri_encode(strbuf *b, const char *s);
/* Narrow s[0..n) past spaces, NBSP and "**" bold markers at both ends (nothing is copied). */
void text_trim(const char **s, size_t *n);
/* The offset of the first run of three spaces in s[0..n), n when none (a skipping scan). */
size_t text_spaces3(const char *s, size_t n);
/* A copy of s[0..n) with runs of white space (and NBSP) made one space, trimmed. */
char *text_squeeze(const char *s, size_t n);   /* returns the string (never NULL), resets the buffer */
/* The same into o (room for n + 1 bytes); returns its length. */
size_t text_squeeze_into(char *o, const char *s, size_t n);

/* ---- catalog.c: every diagnostic apc can give, one table (catalog.def) ---- */
typedef enum diag_id {
#define DIAG(name, id, sev, vi, en, summary, help) D_##name,
#include "catalog.def"
#undef DIAG
	D__COUNT
} diag_id;
typedef struct catalog_entry {
	const char *id;        /* stable kebab-case rule id */
	apc_sev sev;           /* default severity */
	const char *fmt[2];    /* printf formats, [APC_LANG_VI] and [APC_LANG_EN], same arguments */
	const char *summary;   /* one line, English: what it means (SARIF shortDescription) */
	const char *help;      /* English: why it matters and how to fix it (SARIF help) */
} catalog_entry;
extern const catalog_entry catalog_entries[];   /* indexed by diag_id */
extern const size_t catalog_count;              /* == D__COUNT */
/* Entry k's summary and help in lang (English when it has no Vietnamese yet): SARIF rule help. */
const char *catalog_summary(size_t k, apc_lang lang);
const char *catalog_help(size_t k, apc_lang lang);
/* Entry k has its Vietnamese summary and help (HELP_VI in catalog.def). */
int catalog_has_vi(size_t k);
/* Index of a user's rule id (apc.conf, --disable) in catalog_entries, or (size_t)-1. */
size_t catalog_index(const char *id);
/* The candidate nearest to a mistyped word (edit distance, small), for "did you mean"; NULL
 * when none is near enough. */
const char *catalog_closest(const char *word, const char *const *cands, size_t n);
/* The rule id nearest to word, or NULL (catalog_closest over the catalogue). */
const char *catalog_closest_rule(const char *word);

/* ---- catalog.c: every other user-facing string, one table (messages.def) ---- */
typedef enum msg_id {
#define MSG(name, vi, en) M_##name,
#include "messages.def"
#undef MSG
	M__COUNT
} msg_id;
extern const char *const messages[][2];        /* [msg_id][APC_LANG_VI or APC_LANG_EN] */
/* The printf format of message id in lang. */
const char *msg_fmt(apc_lang lang, msg_id id);
/* Print message id in lang to f, its format filled by the arguments. */
void msg_print(FILE *f, apc_lang lang, msg_id id, ...);
/* The kind of the document a symbol names, from its type code, in lang: "Nghị quyết" for
 * 36-NQ/TW ("Resolution"), "văn bản" ("document") when the code is not known. */
const char *catalog_kind(const char *symbol, apc_lang lang);

/* ---- diag.c ---- */
/* Add a diagnostic of catalogue entry id with the entry's formats filled by the arguments.
 * Severity is the entry's default; diag_effective applies the user's configuration. Returns
 * the new diagnostic (valid until the next emit) so that callers may set end_col. */
apc_diag *diag_emit(apc_diags *, diag_id id, unsigned line, unsigned col, ...);
apc_diag *diag_emitv(apc_diags *, diag_id id, unsigned line, unsigned col, va_list);
/* Diagnostics of one rule kept per file; past them, diag_emit folds each into the rule's record
 * and returns the record: its position and message are not the caller's to change (diag_extent
 * and the diag_fix_* leave them), a fix given to it is chained after the others'. */
#define DIAG_CAP 20
/* Is the next diagnostic id emitted on d kept (not folded)? Work done only for its message (a
 * suggestion looked up) can be skipped when it is not. */
int diag_shows_next(const apc_diags *, diag_id id);
/* 0 for a record (apc_diag.hidden > 0), 1 for a diagnostic as emitted. */
int diag_shown(const apc_diag *);
/* How many diagnostics g stands for: 1, or a record's count. Counts and exit statuses add these. */
size_t diag_weight(const apc_diag *);
/* The diagnostics-not-shown note for n diagnostics of catalogue entry kind, in lang; malloc'd. */
char *diag_not_shown_msg(apc_lang lang, size_t kind, size_t n);
void diag_once(apc_diags *, diag_id id, unsigned line, unsigned col);   /* no arguments; once per line */
/* The severity a diagnostic has under cfg (may be NULL): the user's level for its rule, else
 * its own; APC_OFF when disabled. The one place report, index and annotation ask. */
apc_sev diag_effective(const apc_diag *, const apc_config *cfg);
/* The fix of g: replace [col, end_col) of line, which holds old (NULL: not checked), by text
 * (apc fix applies it; reports show it). Ignored without a position. */
void diag_fix(apc_diag *g, unsigned line, unsigned col, unsigned end_col, const char *old,
    const char *text);
/* When text (what g speaks of: an agency, a timeline, a title) is written where g points, g's
 * extent becomes it (to the end of the line when it goes on past it); white space runs count
 * as one. g is returned; nothing changes when text is not there. */
apc_diag *diag_extent(apc_diag *g, const apc_source *src, const char *text);
/* Add a replacement to g's fix (its first when g has none): one fix may change several places. */
void diag_fix_add(apc_diag *g, unsigned line, unsigned col, unsigned end_col, const char *old,
    const char *text);
/* A date cited as iso_cited, written on line at or after column from: its extent becomes g's
 * (g's column moves to it) and its fix writes iso_right in the same form ("31/01/2023" ->
 * "30/01/2023", "ngày 5 tháng 3" keeps its unpadded day). 1 if the date was found there. */
/* The byte where character column col (1-based) of ln starts, or ln's length past its end. */
size_t line_col_byte(const apc_line *ln, unsigned col);
int diag_fix_date(apc_diag *g, const apc_source *src, unsigned line, unsigned from, const char *iso_cited,
    const char *iso_right);
/* The text written on line at or after column from: its extent becomes g's (g's column moves
 * to it) and, when right is not NULL, its fix writes right (in capitals where written was). */
int diag_fix_text(apc_diag *g, const apc_source *src, unsigned line, unsigned from, const char *written,
    const char *right);
/* When the source has written at (line, col), mark it as g's extent (if g is there and has
 * none) and, when text is not NULL, make its replacement by text g's fix. 1 if it was there.
 * A fix is only offered where the text it replaces has been seen. */
int diag_fix_at(apc_diag *g, const apc_source *src, unsigned line, unsigned col, const char *written,
    const char *text);
/* symbol-malformed for the symbol written at (line, col), with its extent, and the fix when a
 * copy only glued its type code to the issuer ("58/NQCP" for 58/NQ-CP). */
void symbol_malformed(apc_diags *, const apc_source *, unsigned line, unsigned col, const char *written);
/* ---- fix.c: apc fix, apc check --fix ---- */
/* Apply the fixes of r's diagnostics that cfg leaves on to r's file, in place and atomically,
 * keeping its BOM, line ends and every other byte; a fix whose text is not in the file as the
 * diagnostic saw it is skipped. *applied gets the number applied. 0, or -1 and *err. */
int fix_file(const apc_result *r, const apc_config *cfg, size_t *applied, char **err);

/* out = the diagnostics of in that cfg leaves on, each with its effective severity (a copy
 * the caller frees with diag_free): what render --annotate shows. */
void diag_configured(const apc_diags *in, const apc_config *cfg, apc_diags *out);
void diag_sort(apc_diags *);          /* by line, column, then order of emission */
void diag_free(apc_diags *);

/* ---- read.c ---- */
/* Read path (or the given bytes) into src: BOM removed, UTF-16 with BOM converted, CRLF and
 * CR to LF, invalid UTF-8 replaced by U+FFFD and reported, NFC, line index. Returns 0, or -1
 * when the file cannot be read at all (a diagnostic has been added). */
/* encoding: an enc_kind (encoding.c) that --encoding forces, or ENC_NONE to detect one
 * when the text is not UTF-8 (a note says which was used). */
int read_source(apc_source *src, const char *path, const char *bytes, size_t len, int encoding, apc_diags *);
void read_free(apc_source *);
/* After the pipeline: every position the later stages gave in the text as read (diagnostics, and
 * the tree's src:line/src:column when doc is not NULL) becomes one of the file (past the hidden characters read.c took out of a line, src->drops), and the lines
 * hold those characters again. Nothing to do (no cost) when none was taken out. */
void read_remap(apc_source *, xmlDocPtr, apc_diags *);
/* A code point read.c copies as it is (the common letters of Vietnamese, dashes, quotes): not
 * hidden, not a combining mark, not excluded from composition, not a noncharacter. */
int read_inert(int32_t cp);
/* Limits */
#define READ_MAX_BYTES   (16u << 20)
#define READ_MAX_LINE    (64u << 10)
#define READ_MAX_LINES   200000u

/* ---- encoding.c: legacy Vietnamese encodings to UTF-8 ---- */
typedef enum enc_kind { ENC_NONE = -1, ENC_UTF8 = 0, ENC_TCVN3, ENC_VNI, ENC_CP1258 } enc_kind;
const char *enc_name(enc_kind);                 /* "TCVN3", "VNI", "Windows-1258" */
enc_kind enc_lookup(const char *name);          /* --encoding NAME (any case, aliases); ENC_NONE if unknown */
/* s[0..n) in encoding e to UTF-8, NFC; malloc'd, *outlen its length. */
char *enc_convert(enc_kind e, const char *s, size_t n, size_t *outlen);
/* The legacy encoding s[0..n) reads as Vietnamese in, or ENC_NONE. */
enc_kind enc_detect(const char *s, size_t n);

/* ---- normalize.c and dates.c: pure functions of text, no tree, no state ---- */
#define NORM_YEAR_MIN 1900
#define NORM_YEAR_MAX 2199
/* The year written as exactly four digits at s (NUL-terminated or longer), within
 * NORM_YEAR_MIN..NORM_YEAR_MAX; 0 if it is not one. */
int norm_year(const char *s);
/* Find the first date in s[0..len) in any of the written forms (22/5/2023, 22-5-2023,
 * 22.5.2023, ngày 22 tháng 5 năm 2023, with or without leading zeros). Writes "YYYY-MM-DD"
 * to iso[11]; *at and *end (may be NULL) get the byte offsets of the match. 1 if found. */
int norm_date_find(const char *s, size_t len, char iso[11], size_t *at, size_t *end);
/* The first date written, valid (1, iso filled) or impossible (-1: 31/02/2023); 0: none. */
int norm_date_read(const char *s, size_t len, char iso[11], size_t *at, size_t *end);
typedef struct norm_timeline {
	char start[11], end[11];    /* "" when not determinable */
	const char *recurrence;     /* "annual", "continuous", "quarterly", "monthly" or NULL */
} norm_timeline;
/* 1 if the timeline text was understood (at least one of start, end, recurrence set). */
int norm_timeline_parse(const char *s, norm_timeline *);
typedef struct norm_symbol {
	char number[16], type[16], issuer[48], year[8];
	const char *shape;          /* "party" (219-CTr/TU), "state" (189/NQ-CP), "legal" (30/2020/NĐ-CP) */
	char canonical[96];         /* type code in its canonical case: 30-CTR/TU -> 30-CTr/TU */
} norm_symbol;
/* Parse a symbol that starts at s (leading "Số", "Số:" and spaces skipped). 1 if it fits a
 * shape; *used (may be NULL) gets the bytes consumed. */
int norm_symbol_parse(const char *s, norm_symbol *, size_t *used);
/* A state symbol whose type code a copy glued to its issuer ("58/NQCP", "1961/QĐUBND": a PDF
 * extraction dropped the hyphen): 1 and the symbol it was ("58/NQ-CP"), when a known type code
 * starts the part and capitals follow it. */
int norm_symbol_unglued(const char *s, norm_symbol *);
/* Matching key: NFC, lowercase, tone marks placed one way (uỷ = ủy, hoá = hóa), đ kept,
 * punctuation to spaces, spaces collapsed and trimmed. Returns malloc'd string. */
char *norm_fold(const char *s, size_t len);
/* Same, with diacritics removed entirely (for fuzzy suggestions). */
char *norm_fold_ascii(const char *s, size_t len);
/* Same without diacritics, punctuation / - . , ; kept and every dash made '-' (timelines). */
char *norm_fold_punct(const char *s, size_t len);
/* cp is a, e, y, o or u (lower case) with a tone mark: *base gets the vowel, the result is the
 * tone 1..5 (grave, acute, hook, tilde, dot); 0 for any other code point. */
int norm_toned(int32_t cp, char *base);
/* The word w[0..len) (NFC) with the tone of its final oa, oe or uy on the other vowel: "hoá"
 * -> "hóa", "hóa" -> "hoá", "Thuỷ" -> "Thủy". malloc'd; NULL when its end is not such a pair. */
char *norm_tone_move(const char *w, size_t len);
/* s in capitals (malloc'd); does s have no lower-case letter? */
char *norm_upper(const char *s);
int norm_in_capitals(const char *s);
/* Roman numeral I..XXXIX (upper or lower case) to its value, 0 if not one. */
int norm_roman(const char *s, size_t len);

/* ---- library.c: parents and the agency registry, loaded once, read-only after ---- */
typedef struct library_mission {
	char *n;            /* "1" */
	char *title;
	char **terms;       /* folded identifying terms (norm_fold) */
	size_t nterms;
} library_mission;
typedef struct library_parent {
	char *symbol;       /* canonical "36-NQ/TW" */
	char *date;         /* ISO, or NULL when unverified/unknown */
	int date_verified;
	char *issuer;       /* "Bộ Chính trị" */
	char *issuer_key;   /* folded */
	char *title;
	int horizons[4];    /* years, 0-terminated */
	char *parents;      /* symbols it implements, space-separated, may be NULL */
	library_mission *missions;
	size_t nmissions;
	char *file;         /* where it was loaded from */
	char *page;         /* its published page (parent/@page), or NULL: a child's page links there */
	/* a field added here must be kept by libcache.c's compiled cache (parents_save) */
} library_parent;
typedef struct library_agency {
	char *id, *name;
	char *level;        /* "central", "province", "district" */
} library_agency;
struct apc_library;
/* Load every *.xml of datadir/library and then of each extra directory (later entries with the
 * same symbol+date override). Compiled programs (root program) are accepted as parents.
 * Returns NULL with a message on stderr on failure; diagnostics for a bad file go to stderr. */
struct apc_library *library_open(const char *datadir, char *const *dirs, size_t ndirs);
void library_close(struct apc_library *);
/* A parent by symbol (any case) and, when date is non-NULL, date; without a date the most
 * recent with that symbol. NULL if unknown. */
const library_parent *library_parent_find(const struct apc_library *, const char *symbol, const char *date);
/* Resolve an agency as written to its registry entry; NULL if unknown. */
const library_agency *library_agency_find(const struct apc_library *, const char *text, size_t len);
/* The closest known agency name for a suggestion, or NULL. */
const char *library_agency_suggest(const struct apc_library *, const char *text, size_t len);

/* ---- lex.c ---- */
typedef enum lex_class {
	LX_BLANK, LX_TEXT, LX_NOISE,        /* NOISE: separators "-----", "|", "*", page numbers */
	LX_META,                            /* website metadata block: "Số hiệu: ..." */
	LX_NATIONAL,                        /* ĐẢNG CỘNG SẢN VIỆT NAM / CỘNG HÒA XÃ HỘI ... / Độc lập ... */
	LX_SYMBOL,                          /* "Số 219-CTr/TU", "Số: 45/KH-UBND" (maybe + place, date) */
	LX_PLACE_DATE,                      /* "Lào Cai, ngày 22 tháng 5 năm 2023" */
	LX_KIND,                            /* CHƯƠNG TRÌNH, KẾ HOẠCH, NGHỊ QUYẾT ... alone on a line */
	LX_ROMAN, LX_NUMBER, LX_LETTER, LX_BULLET,
	LX_RECIPIENTS,                      /* "Nơi nhận:" */
	LX_SIGN_ROLE, LX_SIGN_TITLE,
	LX_APPENDIX, LX_ATTACHED,           /* "PHỤ LỤC", "(Kèm theo ...)" */
	LX_TABLE_HEADER, LX_ROW
} lex_class;
typedef struct lex_cell { const char *s; size_t len; unsigned col; } lex_cell;
typedef struct lex_token {
	lex_class cls;
	unsigned line;         /* 1-based */
	unsigned col;          /* character column of the content */
	const char *s;         /* the content after the marker ("I." removed), trimmed, "**" removed */
	size_t len;
	char mark[24];         /* the marker: "I", "2.1", "a", "-", "T/M" */
	int level;             /* LX_NUMBER: 1 for "1.", 2 for "2.1."; LX_ROMAN: -1 for a part ("Phần I", "A.") */
	lex_cell *cells;       /* LX_ROW, LX_TABLE_HEADER */
	size_t ncells;
	char *own;             /* text the cells point into when the lexer joined it (ruled.c), or NULL */
} lex_token;
typedef struct lex_tokens { lex_token *v; size_t n; } lex_tokens;
struct re_set;
/* The set is the session's compilation of lex_patterns (re.h). */
void lex_source(const struct re_set *, const apc_source *, lex_tokens *, apc_diags *);
void lex_free(lex_tokens *);
/* table.c: the column an appendix header cell names, by its words ("Cơ quan chủ trì": K_LEAD);
 * the parser's table and the lexer's stacked reader read headers with this one vocabulary. */
enum colkey { K_NUMBER, K_TASK, K_LEAD, K_PARTNER, K_TIMELINE, K_PRODUCT, K_NOTE, K_OTHER };
enum colkey table_colkey(const char *s, size_t n);
/* stacked.c: a table copied one cell per line, found by its heads (is_head: the lexer's test
 * of a column head), rewritten into the header and row tokens of a table side by side. */
typedef int (*lex_head_fn)(const char *s, size_t n, void *ctx);
void lex_restack(lex_tokens *, const apc_source *, lex_head_fn is_head, void *ctx);
/* ruled.c: columns drawn by a rule of dashes ("----- ------ -----"), and headers wrapped over
 * several lines joined into one header row. */
#define RULED_MAX 64
typedef struct ruled_layout { unsigned start[RULED_MAX]; size_t n; } ruled_layout;
int ruled_rule(const apc_line *, ruled_layout *);   /* 0 no rule, 1 a rule, 2 one of 3+ runs (lay set) */
int ruled_ahead(const apc_source *, size_t i, ruled_layout *);   /* a 3+ rule in the lines after i */
size_t ruled_cut(const ruled_layout *, const apc_line *, lex_cell *);   /* cells by column; 0: empty */
void ruled_join_heads(lex_tokens *);

/* ---- arena.c: where tree.c's nodes are cut from (libxml2's allocator, hooked once by
 * arena_setup before any thread; without it there is no arena and nothing changes) ---- */
typedef struct tree_arena tree_arena;
extern _Thread_local tree_arena *arena_current;   /* the arena xmlMalloc cuts from, or NULL */
void arena_setup(void);
tree_arena *arena_new(void);           /* NULL when there is no arena */
tree_arena *arena_of(void *p);         /* p when it is an arena, else NULL */
int arena_owns(const void *p);         /* memory cut from an arena? */
size_t arena_reserved(void);           /* bytes taken from the system for arenas so far */
void arena_free(tree_arena *);

/* ---- tree.c: making and reading elements (local names; the tree owns what it returns) ---- */
int tree_is(xmlNodePtr e, const char *name);                  /* an element of that name? */
xmlNodePtr tree_child(xmlNodePtr parent, const char *name);    /* first child element by name */
xmlNodePtr tree_next(xmlNodePtr after, const char *name);      /* next sibling element by name */
const char *tree_attr(xmlNodePtr e, const char *name);         /* no-namespace attribute or NULL */
char *tree_text(xmlNodePtr e);                                 /* its text, malloc'd, never NULL */
unsigned tree_line(xmlNodePtr e);                              /* src:line, 0 when absent */
unsigned tree_col(xmlNodePtr e);                               /* src:column, 0 when absent */
/* tree_set_pos keeps a position in the element, not as attributes: what writes a tree out (or
 * runs a stylesheet over it) makes src:line and src:column first, each element's first
 * attributes, in the tree itself (tree_write_positions) or in a copy of it (tree_copy_doc). */
void tree_write_positions(xmlDocPtr doc);
xmlDocPtr tree_copy_doc(xmlDocPtr doc);                        /* xmlCopyDoc, with positions */
/* Constructors: never NULL (exit 2 when out of memory). A document made by tree_doc_new is
 * freed by tree_doc_free (its nodes are cut from an arena of its own, arena.c). */
xmlDocPtr tree_doc_new(void);
void tree_doc_free(xmlDocPtr doc);
xmlNodePtr tree_new(xmlNodePtr parent, xmlNsPtr ns, const char *name);   /* parent may be NULL */
void tree_add_text(xmlNodePtr e, const char *s, size_t n);
void tree_add_squeezed(xmlNodePtr e, const char *s, size_t n);   /* s[0..n) as text_squeeze gives it */
void tree_set(xmlNodePtr e, const char *name, const char *value);
void tree_set_pos(xmlNodePtr e, xmlNsPtr src_ns, unsigned line, unsigned col);
/* Every element's source position (src:line, src:column) through fn, in document order, for a
 * stage that learns after the parse where its positions stand in the file (read_remap,
 * docx_remap). fn gets the line and the column (0 when the element has none) and may change
 * them; an element with no src:line is not passed, one with no column gets none. */
typedef void (*tree_remap_fn)(void *ctx, unsigned *line, unsigned *col);
void tree_remap_positions(xmlDocPtr doc, tree_remap_fn fn, void *ctx);

/* ---- parse.c ---- */
/* The patterns are the session's (re.h): its header and cite sets are used. */
xmlDocPtr parse_tokens(const struct apc_patterns *, const apc_source *, const lex_tokens *, const struct apc_library *, apc_diags *);

/* ---- validate.c ---- */
void *validate_open(const char *schema_path);     /* xmlRelaxNGPtr or NULL */
void validate_close(void *);
void validate_doc(void *schema, xmlDocPtr, apc_diags *);

/* ---- rules.c (and check.c): the rule catalogue over the tree, and the parent checks ---- */
struct facts;
/* The facts (facts.h) are read, and their coverage set by the parent checks; the tree is not
 * written. cite: the session's compiled citation pattern (re.h), for the rules that read
 * citations. */
void rules_run(xmlDocPtr, struct facts *, const apc_source *, const struct apc_library *,
    const struct re_set *cite, apc_diags *);
/* apc check --coverage: how the program's missions cover each parent's missions (from the
 * mission/@covers that rules_run wrote), as data that report prints as text, JSON or SARIF.
 * Strings are the tree's or the library's (valid while both live) but cover_by.title. */
typedef struct cover_by {              /* a mission of the program that carries it out */
	const char *n;
	char *title;                   /* malloc'd */
	unsigned line;
	size_t tasks;                  /* tasks of its appendix group (0: no group paired) */
} cover_by;
typedef struct cover_mission {
	const library_mission *m;      /* the parent's mission */
	cover_by *by;
	size_t nby;                    /* 0: covered by no mission of the program */
} cover_mission;
typedef struct cover_parent {
	const char *ref;               /* as the program cites it */
	const library_parent *p;       /* NULL: not in the library */
	char dmy[16];                  /* p's date as d/m/yyyy ("?" when unknown) */
	cover_mission *v;              /* p's missions; none when the library lists none */
	size_t n, covered;
} cover_parent;
typedef struct cover_report {
	const char *file, *symbol;
	cover_parent *v;               /* one per parent cited; none: the program names no parent */
	size_t n;
} cover_report;
void rules_coverage(xmlDocPtr, const struct facts *, const struct apc_library *, cover_report *);
void coverage_free(cover_report *);

/* ---- format.c: the format (thể thức) of a .docx against its standard (after docx_remap) ---- */
void format_run(xmlDocPtr, const apc_source *, apc_diags *);

/* ---- config.c: apc.conf, --disable, --severity ---- */
/* Parse "ID=error|warning|note|off" or a bare ID (for --disable) into cfg; 0 or -1. */
int config_set(apc_config *, const char *id, const char *value);
/* The merged apc.conf settings of each directory seen, kept for a session (apc_session.conf)
 * and shared by its threads (it has its own lock). NULL with a message when it cannot be made. */
typedef struct config_cache config_cache;
config_cache *config_cache_open(void);
void config_cache_close(config_cache *);
/* Apply the apc.conf files found walking up from path's directory (nearest wins), on a copy;
 * each directory is read once per cache. */
void config_for_file(config_cache *, const apc_config *base, const char *path, apc_config *out);
void config_free(apc_config *);
/* --config FILE: read file alone, for every path, instead of walking up for apc.conf files.
 * Errors are counted as an apc.conf's are. */
void config_cache_use(config_cache *, const char *file);
/* The language the errors of apc.conf files are said in (default English). */
void config_cache_lang(config_cache *, apc_lang);
/* Read the apc.conf files that apply to path (cached) and return how many errors the cache's
 * files have had so far: an unknown key, a bad value, an unknown rule, an unreadable file,
 * each said once on stderr as FILE:LINE. A run with errors exits 2. */
size_t config_errors(config_cache *, const char *path);

/* ---- output.c: every file apc writes ---- */
/* Write data to path: a regular file through a temporary file beside it, renamed into place (a
 * failed write leaves no file and never a partial one; an existing file keeps its mode, a new one
 * gets 0666 less the umask); a symbolic link's target; a character device or a FIFO with a reader
 * written through. A directory, a block device, a socket are refused. "-" writes to stdout.
 * 0, or -1 and *err (malloc'd). */
int output_write(const char *path, const char *data, size_t len, char **err);
/* 1 if writing out would overwrite in (both exist: same device and inode). */
int output_same_file(const char *out, const char *in);
/* Register a path to remove if apc is stopped by a signal (a file, or an empty directory once its
 * files are gone); returns a slot for output_cleanup_remove, or -1 when the table is full. */
int output_cleanup_add(const char *path);
void output_cleanup_remove(int slot);
/* Catch SIGINT, SIGTERM, SIGHUP (clean up, then die of the signal) and SIGPIPE (clean up, exit 2). */
void output_signals_install(void);

/* ---- walk.c: the files a PATH... argument names ---- */
typedef struct path_list { char **v; size_t n, cap; } path_list;
/* Expand files and directories (recursively, program files only: .txt and .docx;
 * no symlink loops; a symlink taken only to a file inside the directory walked; nothing read
 * under /proc or /sys), sorted by path. Paths that do not exist, directories that cannot be
 * walked and levels past the depth limit are reported on stderr (in lang) and counted in the
 * return value; links skipped are reported only. */
size_t walk_paths(char *const *paths, size_t npaths, apc_lang lang, path_list *out);
void walk_free(path_list *);
/* Read standard input to its end: *bytes (malloc'd, NUL-terminated, at most READ_MAX_BYTES of
 * it kept) and *len its whole size. 0, or -1 with errno. */
int walk_read_stdin(char **bytes, size_t *len);

/* ---- report.c: diagnostics out ---- */
typedef enum { REPORT_TEXT, REPORT_JSON, REPORT_SARIF, REPORT_GITLAB, REPORT_JUNIT } report_format;
typedef struct report report;
/* out: where to print; color: use ANSI colors (text only). */
report *report_open(FILE *out, report_format, apc_lang, int color);
/* Print one file's diagnostics (after applying cfg: severities, disabled rules, werror is
 * counted at the end) in path order; facts (symbol, parent) are read from r->doc. */
void report_file(report *, const apc_result *, const apc_config *cfg);
/* Print the summary (text), close the JSON/SARIF document; return the exit status:
 * 2 if any file failed to be read, else 1 if errors (or warnings with werror), else 0. */
int report_close(report *, int werror);
/* --coverage: each file's report also says how it covers its parents' missions (looked up
 * in lib): text after its diagnostics, JSON in its "files" entry, SARIF in the run's
 * properties. Call after report_open. */
void report_coverage(report *, const struct apc_library *lib);
/* n failures of the run that are no file's (a path that does not exist, no document found):
 * counted as failed files are, so that the report's exit status is the process's (2). */
void report_run_failed(report *, size_t n);
/* ---- baseline.c: findings recorded to be tolerated (--baseline, --write-baseline) ---- */
typedef struct baseline baseline;
/* Read a baseline file; NULL and *err (malloc'd) when it cannot be read or is not one. */
baseline *baseline_load(const char *path, char **err);
void baseline_free(baseline *);
/* The fingerprint of d (16 hex digits): rule, file, the text of its line and its neighbours. */
void baseline_fingerprint(const apc_result *res, const apc_diag *d, char out[17]);
/* 1 if fp is recorded and not yet matched (it is then matched). */
int baseline_take(baseline *, const char *fp);

/* --baseline: findings use records are not counted, not printed (SARIF lists them with
 * baselineState "unchanged"); --write-baseline: every finding is written to write_path at
 * close. Either may be NULL. use stays the caller's. */
void report_baseline(report *, baseline *use, const char *write_path);
/* The base URL of the HTML manual for SARIF's helpUri (--doc-url); NULL keeps the default. */
void report_doc_url(report *, const char *url);
/* The severity word of the text format in lang ("cảnh báo", "warning"). */
const char *report_sev_word(apc_lang lang, apc_sev sev);
/* s as a JSON string ("null" for NULL), the escapes every JSON output of apc uses. */
void report_json_str(FILE *, const char *s);

/* ---- cireport.c: GitLab code quality and JUnit, fed by report.c ---- */
typedef struct ci_report ci_report;
/* REPORT_GITLAB or REPORT_JUNIT; JUnit's texts and severity words in lang. */
ci_report *ci_open(FILE *out, report_format, apc_lang lang);
/* One diagnostic as configured (sev), its rule id, message and baseline fingerprint. */
void ci_diag(ci_report *, const char *path, const apc_diag *, apc_sev, const char *rule,
    const char *msg, const char *fp);
/* The end of a file's diagnostics: unreadable when it could not be read; werror when its
 * warnings count as errors. */
void ci_file(ci_report *, const char *path, int unreadable, int werror);
/* Close the document; run_failed counts paths that failed outside any file. Frees. */
void ci_close(ci_report *, size_t run_failed);

/* ---- render.c: XSLT, stylesheets compiled once per worker ---- */
struct apc_render;
/* lib (may be NULL, must outlive the apc_render): the agency registry, whose names the charts use */
struct apc_render *render_open(const char *datadir, const struct apc_library *lib);   /* NULL and a message on stderr */
/* render_open that compiles now only the stylesheet format ("html", "fo", "pdf") needs, the
 * others on first use: a one-file render does not pay for stylesheets it never runs. */
struct apc_render *render_open_for(const char *datadir, const struct apc_library *lib, const char *format);
void render_close(struct apc_render *);
/* Transform doc to "html", "fo" or "pdf" at out_path (atomic; "-" = stdout). annotate: the
 * diagnostics to show beside the text, or NULL. 0, or -1 with *err (malloc'd). */
int render_doc(struct apc_render *, xmlDocPtr, const char *format, const apc_diags *annotate,
    apc_lang, const char *out_path, char **err);
/* render_doc on doc itself, not a copy: doc is changed (src:line and src:column written, the
 * diagnostics and registry names added, its elements numbered by libxslt), and no other
 * thread may read it meanwhile. For a caller that frees the tree next. */
int render_doc_in_place(struct apc_render *, xmlDocPtr, const char *format,
    const apc_diags *annotate, apc_lang, const char *out_path, char **err);
/* Where render_doc says what the user should know of a render that succeeded (a PDF made
 * untagged), and in which language its messages are (FOP out of memory too): by default
 * nowhere, in each render's page language. The CLI passes stderr and its own language. */
void render_set_messages(struct apc_render *, FILE *notes, apc_lang);
/* Write out_path as the HTML index of a rendered tree (stylesheets/index.xsl) from index_xml:
 *   <index xmlns="urn:apc:index:1"><entry href file symbol kind title issuer date parent
 *     errors warnings notes failed/>...</index>
 * 0, or -1 with *err (malloc'd). */
int render_index(struct apc_render *, const char *out_path, const char *index_xml, size_t len,
    apc_lang, char **err);

/* ---- fop.c: PDF through Apache FOP ---- */
/* How a FOP run went: the Java heap it had (MB), the table rows of the XSL-FO, and whether the
 * PDF was made untagged (accessibility off) because a tagged one would not fit that heap. */
typedef struct fop_info {
	long heap_mb;
	size_t rows;
	long tagged_mb;                  /* the heap a tagged PDF of these rows needs */
	int untagged;
} fop_info;
/* Run FOP (configuration conf) on the XSL-FO fo[0..folen) and write the PDF to out_path
 * (atomic), in a Java heap bounded as fop.c says; *info filled in. 0, or -1 with *err
 * (malloc'd; FOP out of memory is said in lang, with what to do). */
int fop_run(const char *conf, const char *fo, size_t folen, const char *out_path, apc_lang lang,
    fop_info *info, char **err);
/* How the last fop_run of the calling thread ended: made the PDF, or why not (serve answers
 * each failure with its own status); FOP_OK once it has been asked. */
typedef enum { FOP_OK, FOP_FAILED, FOP_MISSING, FOP_TIMED_OUT, FOP_OUT_OF_MEMORY } fop_failure;
fop_failure fop_last_failure(void);
/* Kill every FOP process group still running (from a signal handler: async-signal-safe). */
void fop_signal_cleanup(void);
/* The FOP executable fop_run would start: $APC_FOP, else fop on PATH; malloc'd, or NULL. */
char *fop_find(void);

#endif
