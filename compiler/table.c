/*
 * table.c: the appendix table (part of the parse stage, see parse.h). PHỤ LỤC, its subtitle and
 * "(Kèm theo ...)" line, then the table: the header row names the columns (by their text, not
 * their position), repeats are dropped, a row with an empty first cell continues the row
 * above, a roman first cell with the other cells empty starts a group.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "parse.h"

static const char *const colkey_name[] = {
	"number", "task", "lead", "partner", "timeline", "product", "note", "other"
};

/* Column headers, folded, to their key: the first entry whose words a header contains wins. */
static const struct {
	const char *words;
	enum colkey key;
} colheads[] = {
	{ "stt", K_NUMBER }, { "tt", K_NUMBER }, { "số tt", K_NUMBER }, { "số thứ tự", K_NUMBER },
	{ "chủ trì", K_LEAD }, { "phối hợp", K_PARTNER },
	{ "thời gian", K_TIMELINE }, { "thời hạn", K_TIMELINE }, { "lộ trình", K_TIMELINE },
	{ "tiến độ", K_TIMELINE }, { "hoàn thành", K_TIMELINE },
	{ "sản phẩm", K_PRODUCT }, { "kết quả", K_PRODUCT },
	{ "ghi chú", K_NOTE },
	{ "nhiệm vụ", K_TASK }, { "nội dung", K_TASK }, { "công việc", K_TASK }, { "hoạt động", K_TASK },
	{ "giải pháp", K_TASK }, { "đề án", K_TASK },
	{ "đơn vị thực hiện", K_LEAD }, { "cơ quan thực hiện", K_LEAD },
};

/* ---- appendix ---- */

enum colkey
table_colkey(const char *s, size_t n)
{
	char *f = norm_fold(s, n);
	enum colkey k = K_OTHER;
	for (size_t i = 0; i < sizeof colheads / sizeof colheads[0]; i++) {
		const char *w = colheads[i].words;
		if (colheads[i].key == K_NUMBER ? strcmp(f, w) == 0 : parse_contains(f, w)) {
			k = colheads[i].key;
			break;
		}
	}
	free(f);
	return k;
}

void
table_open(parser *p, const lex_token *t, const char *title, size_t tn)
{
	p->appendix = parse_el(p, p->root, "appendix", t->line, t->col, NULL, 0);
	if (t->mark[0])
		parse_set_attr(p->appendix, "n", t->mark);
	parse_el(p, p->appendix, "title", t->line, t->col, title, tn);
	p->subtitle = p->group = p->columns = NULL;
	p->ncols = 0;
	p->mode = M_APPX;
}

void
table_columns(parser *p, const lex_token *t)
{
	p->columns = parse_el(p, p->appendix, "columns", t->line, t->col, NULL, 0);
	p->body_rows = 0;
	p->merged_said = 0;
	table_forget_above(p);
	p->ncols = t->ncells < MAX_COLS ? t->ncells : MAX_COLS;
	if (t->ncells > MAX_COLS)
		diag_emit(p->d, D_LIMIT_EXCEEDED, t->line, t->cells[MAX_COLS].col,
		    "bảng có hơn 32 cột: các cột sau bị bỏ qua", "a table with more than 32 columns: the rest are ignored");
	int seen[K_OTHER + 1] = {0};
	for (size_t i = 0; i < p->ncols; i++) {
		enum colkey k = table_colkey(t->cells[i].s, t->cells[i].len);
		if (k != K_OTHER && seen[k]++)
			k = K_OTHER;        /* a second "thời gian" column is just another column */
		p->keys[i] = k;
		xmlNodePtr c = parse_el(p, p->columns, "column", t->line, t->cells[i].col,
		    t->cells[i].s ? t->cells[i].s : "", t->cells[i].len);
		tree_set(c, "key", colkey_name[k]);
	}
	if (!seen[K_NUMBER] && p->ncols)
		p->keys[0] = K_NUMBER;  /* the first column numbers the rows, whatever its header */
	static const struct { enum colkey k; const char *vi; } need[] = {
		{ K_TASK, "nhiệm vụ (nội dung)" }, { K_LEAD, "cơ quan chủ trì" }, { K_TIMELINE, "thời gian" },
	};
	for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
		if (!seen[need[i].k])
			diag_emit(p->d, D_TABLE_COLUMNS, t->line, 1, need[i].vi, need[i].vi);
}

/* Index of the first column with key k, or -1. */
static int
colidx(parser *p, enum colkey k)
{
	for (size_t i = 0; i < p->ncols; i++)
		if (p->keys[i] == k)
			return (int)i;
	return -1;
}

/* library_agency_find through the parser's memo (the last text seen in each slot). */
static const library_agency *
agency_lookup(parser *p, const char *s, size_t n)
{
	size_t h = hash_fnv1a(s, n);
	struct agency_memo *m = &p->memo[h % (sizeof p->memo / sizeof p->memo[0])];
	if (m->text && strlen(m->text) == n && memcmp(m->text, s, n) == 0)
		return m->ag;
	free(m->text);
	m->text = xstrndup(s, n);
	m->ag = library_agency_find(p->lib, s, n);
	return m->ag;
}

/* Split an agency list s[0..n) on sep: each part, trimmed, goes to fn. Returns the number of
 * parts, and in *known how many of them the registry knows. emit: make the elements. */
static size_t
agency_parts(parser *p, xmlNodePtr task, const char *name, const char *s, size_t n, const char *sep,
    unsigned line, unsigned col, int emit, size_t *known)
{
	size_t sl = strlen(sep), parts = 0;
	const char *q = s, *e = s + n;
	*known = 0;
	while (q < e) {
		const char *x = NULL;
		for (const char *r = q; r + sl <= e && !x; r++)
			if (memcmp(r, sep, sl) == 0)
				x = r;
		const char *ps = q, *pe = x ? x : e;
		q = x ? x + sl : e;
		while (ps < pe && (*ps == ' ' || *ps == '-' || *ps == '+'))
			ps++;
		while (pe > ps && strchr(" .,;", pe[-1]))
			pe--;
		if (ps == pe)
			continue;
		parts++;
		const library_agency *g = agency_lookup(p, ps, (size_t)(pe - ps));
		*known += g != NULL;
		if (emit) {
			xmlNodePtr ae = parse_el(p, task, name, line, col + (unsigned)utf8_chars(s, (size_t)(ps - s)), ps, (size_t)(pe - ps));
			parse_set_attr(ae, "ref", g ? g->id : NULL);
		}
	}
	return parts;
}

/* An agency cell: parts on ';' (and for leads on ',' or " và " when every part is a known
 * agency and the whole is not: "Sở Y tế, Sở Tài chính" are two leads). */
static void
agencies(parser *p, xmlNodePtr task, const char *name, const char *s, unsigned line, unsigned col, int lead)
{
	size_t n = strlen(s), start = 0, known;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != ';')
			continue;
		const char *a = s + start;
		size_t an = i - start;
		unsigned acol = col + (unsigned)utf8_chars(s, start);
		start = i + 1;
		const char *sep = ";";
		if (lead && agency_parts(p, task, name, a, an, ";", line, acol, 0, &known) == 1 && known == 0) {
			static const char *const seps[] = { ",", " và " };
			for (size_t k = 0; k < 2; k++) {
				size_t parts = agency_parts(p, task, name, a, an, seps[k], line, acol, 0, &known);
				if (parts >= 2 && known == parts) {
					sep = seps[k];
					break;
				}
			}
		}
		agency_parts(p, task, name, a, an, sep, line, acol, 1, &known);
	}
}

/* Is the pending row a title alone ("1 | Tuyên truyền | | |") whose number the row numbered
 * ns[0..nn) extends ("1.1")? Then it heads the rows numbered under it, as a group. */
static int
heads_subrows(parser *p, const char *ns, size_t nn)
{
	size_t k = strlen(p->row.n);
	if (k == 0 || nn < k + 2 || memcmp(ns, p->row.n, k) != 0 || ns[k] != '.' || ns[k + 1] < '0' || ns[k + 1] > '9')
		return 0;
	for (size_t i = 0; i < k; i++)
		if (p->row.n[i] < '0' || p->row.n[i] > '9')
			return 0;
	int ti = colidx(p, K_TASK);
	for (size_t i = 0; i < p->ncols; i++)
		if ((int)i != ti && p->keys[i] != K_NUMBER && p->row.cell[i].len)
			return 0;
	return ti >= 0 && p->row.cell[ti].len > 0;
}

void
table_flush(parser *p)
{
	pending *r = &p->row;
	if (!r->active)
		return;
	if (r->active == 2) {
		int ti = colidx(p, K_TASK);
		strbuf title = {0};
		for (size_t i = 0; i < p->ncols; i++)
			if ((int)i == ti || (ti < 0 && p->keys[i] != K_NUMBER))
				if (r->cell[i].len) {
					if (title.len)
						sb_add(&title, " ", 1);
					sb_add(&title, r->cell[i].s, r->cell[i].len);
				}
		p->group = parse_el(p, p->appendix, "group", r->line, r->col, NULL, 0);
		parse_set_attr(p->group, "n", r->n);
		unsigned tl = ti >= 0 ? r->cline[ti] : r->line, tc = ti >= 0 ? r->ccol[ti] : r->col;
		parse_el(p, p->group, "title", tl ? tl : r->line, tc ? tc : r->col, title.s ? title.s : "", title.len);
		free(title.s);
	} else {
		xmlNodePtr task = parse_el(p, p->group ? p->group : p->appendix, "task", r->line, r->col, NULL, 0);
		parse_set_attr(task, "n", r->n);
		int ti = colidx(p, K_TASK);
		if (ti >= 0)
			parse_el(p, task, "text", r->cline[ti] ? r->cline[ti] : r->line, r->ccol[ti] ? r->ccol[ti] : r->col,
			    r->cell[ti].s ? r->cell[ti].s : "", r->cell[ti].len);
		else
			parse_el(p, task, "text", r->line, r->col, "", 0);
		for (size_t i = 0; i < p->ncols; i++) {
			if (p->keys[i] == K_LEAD && r->cell[i].len)
				agencies(p, task, "lead", r->cell[i].s, r->cline[i], r->ccol[i], 1);
		}
		for (size_t i = 0; i < p->ncols; i++)
			if (p->keys[i] == K_PARTNER && r->cell[i].len)
				agencies(p, task, "partner", r->cell[i].s, r->cline[i], r->ccol[i], 0);
		int tli = colidx(p, K_TIMELINE);
		if (tli >= 0 && r->cell[tli].len) {
			xmlNodePtr tl = parse_el(p, task, "timeline", r->cline[tli], r->ccol[tli], r->cell[tli].s, r->cell[tli].len);
			char *txt = text_squeeze(r->cell[tli].s, r->cell[tli].len);
			norm_timeline nt;
			if (norm_timeline_parse(txt, &nt)) {
				parse_set_attr(tl, "start", nt.start);
				parse_set_attr(tl, "end", nt.end);
				parse_set_attr(tl, "recurrence", nt.recurrence);
			}
			free(txt);
		}
		xmlNodePtr cols = p->columns ? p->columns->children : NULL;
		for (size_t i = 0; i < p->ncols; i++, cols = cols ? cols->next : NULL) {
			enum colkey k = p->keys[i];
			if ((k == K_PRODUCT || k == K_NOTE || k == K_OTHER) && r->cell[i].len) {
				xmlNodePtr c = parse_el(p, task, "cell", r->cline[i], r->ccol[i], r->cell[i].s, r->cell[i].len);
				tree_set(c, "key", colkey_name[k]);
				if (cols) {
					xmlChar *h = xmlNodeGetContent(cols);
					parse_set_attr(c, "header", (const char *)h);
					xmlFree(h);
				}
			}
		}
	}
	table_forget_above(p);
	if (r->active == 1) {
		p->above = *r;   /* the cells move: a merged cell below repeats them */
		memset(r, 0, sizeof *r);
		return;
	}
	for (size_t i = 0; i < MAX_COLS; i++)
		free(r->cell[i].s);
	memset(r, 0, sizeof *r);
}

void
table_forget_above(parser *p)
{
	for (size_t i = 0; i < MAX_COLS; i++)
		free(p->above.cell[i].s);
	memset(&p->above, 0, sizeof p->above);
}

/* ---- a row short of cells: merged cells in a copy ---- */

enum { CELL_TIMELINE = 1, CELL_AGENCY = 2 };

/* What a cell holds: a timeline (CELL_TIMELINE), a body the registry knows (CELL_AGENCY). */
static int
cell_holds(parser *p, const lex_cell *c)
{
	char *txt = text_squeeze(c->s, c->len);
	norm_timeline nt;
	size_t known = 0, n = strlen(txt);
	int h = norm_timeline_parse(txt, &nt) ? CELL_TIMELINE : 0;
	agency_parts(p, NULL, NULL, txt, n, ";", 0, 0, 0, &known);   /* the parts as agencies() reads them */
	if (known == 0)
		agency_parts(p, NULL, NULL, txt, n, ",", 0, 0, 0, &known);
	free(txt);
	return h | (known ? CELL_AGENCY : 0);
}

/* How well what a cell holds fits a column: a timeline in the timeline column, a body in an
 * agency column; the opposite costs. */
static int
cell_fit(enum colkey k, int holds)
{
	if (k == K_TIMELINE)
		return holds & CELL_TIMELINE ? 3 : holds & CELL_AGENCY ? -2 : 0;
	if (k == K_LEAD || k == K_PARTNER)
		return holds & CELL_TIMELINE ? -3 : holds & CELL_AGENCY ? 2 : 0;
	return 0;
}

#define SHORT_MAX_LAYOUTS 256

/*
 * A copy of a table with merged cells (one agency over several rows) leaves the merged cell in
 * its first row only: the rows under it are short of a cell, and their cells slide left (a
 * timeline read as the partner). For a task row short of d cells, the cells after the task are
 * laid into the columns after it with d gaps where their texts fit best (cell_fit), when that
 * fits better than the row as written (its gaps last); of layouts that fit as well, the one
 * with its gaps furthest left. Writes the row's cells to out[p->ncols] (a gap is an empty
 * cell) and sets gap[k] for each; returns 0 when the row is left as it is.
 */
static int
align_short_row(parser *p, const lex_token *t, lex_cell *out, int *gap)
{
	int ti = colidx(p, K_TASK);
	if (ti < 0 || t->ncells >= p->ncols || t->ncells < (size_t)ti + 2)
		return 0;
	size_t first = (size_t)ti + 1, m = p->ncols - first, r = t->ncells - first, d = m - r;
	if (m > 16)
		return 0;
	int holds[MAX_COLS], written_score = 0, best_score = INT_MIN, layouts = 0;
	for (size_t c = 0; c < r; c++) {
		holds[c] = cell_holds(p, &t->cells[first + c]);
		written_score += cell_fit(p->keys[first + c], holds[c]);
	}
	/* the gaps as a bit mask over the m columns after the task, each mask of d bits in turn
	 * (the next one of as many bits: Gosper's); the row as written has them at the right */
	unsigned written = ((1u << d) - 1) << r, best = written;
	for (unsigned mask = (1u << d) - 1; mask < written && layouts < SHORT_MAX_LAYOUTS; layouts++) {
		int score = 0;
		for (size_t k = 0, c = 0; k < m; k++)
			if (!(mask >> k & 1))
				score += cell_fit(p->keys[first + k], holds[c++]);
		if (score > best_score)   /* a tie: the gaps further left (a lead is merged most) */
			best = mask, best_score = score;
		unsigned low = mask & -mask, up = mask + low;
		mask = (((up ^ mask) >> 2) / low) | up;
	}
	if (best_score <= written_score)
		return 0;
	for (size_t k = 0; k < first; k++)
		out[k] = t->cells[k], gap[k] = 0;
	for (size_t k = 0, c = 0; k < m; k++) {
		gap[first + k] = best >> k & 1;
		out[first + k] = gap[first + k] ? (lex_cell){ NULL, 0, 0 } : t->cells[first + c++];
	}
	return 1;
}

static int
is_task_number(const char *s, size_t n)
{
	size_t i = 0;
	if (n == 0 || n > 12)
		return 0;
	while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
		i++;
	return i == n && s[0] >= '0' && s[0] <= '9';
}

void
table_row(parser *p, const lex_token *t)
{
	if (p->nrows++ >= MAX_ROWS) {
		if (!p->limit_reported++)
			diag_emit(p->d, D_LIMIT_EXCEEDED, t->line, 1, "bảng có hơn 20000 dòng", "more than 20000 table rows");
		return;
	}
	if (!p->columns) {
		/* rows before any header: take the usual five columns */
		static const enum colkey dflt[] = { K_NUMBER, K_TASK, K_LEAD, K_PARTNER, K_TIMELINE };
		p->ncols = t->ncells < 5 ? t->ncells : 5;
		memcpy(p->keys, dflt, p->ncols * sizeof *dflt);
	}
	size_t nc = t->ncells < p->ncols ? t->ncells : p->ncols;
	int ni = colidx(p, K_NUMBER);
	if (ni < 0)
		ni = 0;
	const lex_cell *num = (size_t)ni < t->ncells ? &t->cells[ni] : NULL;
	int others_empty = 1;
	for (size_t i = 0; i < nc; i++) {
		enum colkey k = p->keys[i];
		if ((int)i != ni && k != K_TASK && t->cells[i].len)
			others_empty = 0;
	}
	const char *ns = num ? num->s : "";
	size_t nn = num ? num->len : 0;
	while (nn && (ns[nn - 1] == '.' || ns[nn - 1] == ')'))
		nn--;
	/* Right under a header row, a row with no number continues the header: its wrapped
	 * cells ("Thời gian/ lộ" over "trình thực hiện"), or a second header row under a merged
	 * cell ("Cơ quan thực hiện" over "Chủ trì | Phối hợp"). Under a repeated header it is
	 * dropped with the repeat. */
	if (nn == 0 && p->after_header && p->body_rows > 0) {
		/* under a repeat: the same wrapped header text is dropped; anything else is the
		 * continuation of the row the page break cut */
		char *txt = text_squeeze(t->s, t->len);
		int same = p->hdr_tail && strcmp(txt, p->hdr_tail) == 0;
		free(txt);
		if (same)
			return;
	} else if (nn == 0 && p->after_header && p->columns && !p->row.active) {
		free(p->hdr_tail);
		p->hdr_tail = text_squeeze(t->s, t->len);
		xmlNodePtr col = p->columns->children;
		for (size_t i = 0; i < nc; i++, col = col ? col->next : NULL) {
			enum colkey k = t->cells[i].len ? table_colkey(t->cells[i].s, t->cells[i].len) : K_OTHER;
			if (k != K_OTHER && k != K_NUMBER && colidx(p, k) < 0) {
				p->keys[i] = k;
				if (col)
					tree_set(col, "key", colkey_name[k]);
			}
			if (col && t->cells[i].len)
				parse_append_text(col, t->cells[i].s, t->cells[i].len);
		}
		return;
	}
	/* "I. Tuyên truyền ...": a group whose title shares the first cell with its numeral */
	size_t rl = 0;
	while (rl < nn && strchr("IVXLC", ns[rl]))
		rl++;
	const char *inline_title = NULL;
	if (rl && rl + 1 < nn && strchr(".-)", ns[rl]) && norm_roman(ns, rl) > 0 && others_empty) {
		inline_title = ns + rl + 1;
		while (*inline_title == ' ' || *inline_title == '-')
			inline_title++;
		nn = rl;
	}
	int kind = 0;   /* 1 task, 2 group, 3 continuation */
	if (nn == 0)
		kind = 3;
	else if (norm_roman(ns, nn) > 0 && others_empty)
		kind = 2;
	else if (nn == 1 && ns[0] >= 'A' && ns[0] <= 'H' && others_empty)
		kind = 2;
	else if (is_task_number(ns, nn))
		kind = 1;
	else if (nn <= 3 && ns[0] >= 'a' && ns[0] <= 'z')
		kind = 1;  /* a), b): sub-tasks */
	if (kind == 3 && !p->row.active) {
		char *txt = text_squeeze(t->s, t->len);
		if (*txt)
			diag_emit(p->d, D_TABLE_ROW_MALFORMED, t->line, 1, txt, txt);
		free(txt);
		return;
	}
	if (kind == 0) {
		char *txt = text_squeeze(ns, nn);
		diag_emit(p->d, D_TABLE_ROW_MALFORMED, t->line, num ? num->col : 1, txt, txt);
		free(txt);
		return;
	}
	if (kind != 3) {
		if (kind == 1 && p->row.active == 1 && heads_subrows(p, ns, nn))
			p->row.active = 2;   /* "1" with only its title, then "1.1": the 1 was a group */
		table_flush(p);
		p->row.active = kind == 2 ? 2 : 1;
		p->row.line = t->line;
		p->row.col = num ? num->col : 1;
		size_t l = nn < sizeof p->row.n - 1 ? nn : sizeof p->row.n - 1;
		memcpy(p->row.n, ns, l);
		p->row.n[l] = '\0';
		p->body_rows++;
		if (inline_title) {
			int ti = colidx(p, K_TASK);
			size_t c = ti >= 0 ? (size_t)ti : 1;
			if (c < MAX_COLS) {
				p->row.cline[c] = t->line;
				p->row.ccol[c] = num->col + (unsigned)utf8_chars(num->s, (size_t)(inline_title - num->s));
				sb_add(&p->row.cell[c], inline_title, (size_t)(num->s + num->len - inline_title));
			}
		}
	}
	const lex_cell *cells = t->cells;
	lex_cell laid[MAX_COLS];
	int gap[MAX_COLS] = {0};
	if (kind == 1 && !inline_title && align_short_row(p, t, laid, gap)) {
		cells = laid;
		nc = p->ncols;
		for (size_t i = 0; i < nc; i++) {
			const strbuf *a = &p->above.cell[i];
			if (gap[i] && a->len) {   /* the merged cell's text, from the row it starts in */
				p->row.cline[i] = p->above.cline[i];
				p->row.ccol[i] = p->above.ccol[i];
				sb_add(&p->row.cell[i], a->s, a->len);
				if (!p->merged_said++)
					diag_emit(p->d, D_TABLE_CELLS_MERGED, t->line, p->row.col, p->row.n, a->s);
			}
		}
	}
	for (size_t i = 0; i < nc; i++) {
		if ((int)i == ni || cells[i].len == 0)
			continue;
		strbuf *b = &p->row.cell[i];
		if (b->len)
			sb_add(b, " ", 1);
		else {
			p->row.cline[i] = t->line;
			p->row.ccol[i] = cells[i].col;
		}
		sb_add(b, cells[i].s, cells[i].len);
	}
}

void
table_attached(parser *p, const lex_token *t)
{
	char *txt = text_squeeze(t->s, t->len);
	xmlNodePtr e = parse_el(p, p->appendix, "attached", t->line, t->col, txt, strlen(txt));
	/* the symbol: the first token after "số" */
	char *f = txt;
	const char *so = NULL;
	for (const char *q = f; *q; q++)
		if ((q == f || q[-1] == ' ') && (strncmp(q, "số ", strlen("số ")) == 0 || strncmp(q, "Số ", strlen("Số ")) == 0)) {
			so = q + strlen("số ");
			break;
		}
	norm_symbol y;
	size_t used = 0;
	if (so && norm_symbol_parse(so, &y, &used)) {
		parse_set_attr(e, "symbol", y.canonical);
		if (!tree_child(p->meta, "symbol") && !p->attached) {
			p->attached = t;
			front_meta_symbol(p, so, used, t->line, t->col + (unsigned)utf8_chars(txt, (size_t)(so - txt)));
		}
	}
	char iso[11];
	size_t at, end;
	if (norm_date_find(txt, strlen(txt), iso, &at, &end)) {
		parse_set_attr(e, "date", iso);
		if (!tree_child(p->meta, "date")) {
			xmlNodePtr d = parse_el(p, p->meta, "date", t->line, t->col + (unsigned)utf8_chars(txt, at), txt + at, end - at);
			parse_set_attr(d, "iso", iso);
			p->attached = t;
		}
	}
	free(txt);
}

