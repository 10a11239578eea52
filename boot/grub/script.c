// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * GRUB script lexer and parser. Words keep their raw text (quotes and $vars
 * intact) because GRUB expands them when a command runs, not when the file
 * is read. Reserved words (if/then/elif/else/fi, function, menuentry,
 * submenu, { }) are recognised only as bare words at command position.
 */
#include "boot/grub/internal.h"
#include "lib/cleanup.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum gtok_type {
	GT_EOF,
	GT_SEP,
	GT_WORD,
};

struct gtok {
	enum gtok_type type;
	char *word;     /* owned raw text */
	unsigned line;
	bool bare;      /* no quotes, escapes or $: the text is the word */
	bool too_long;
};

struct gparser {
	const char *name;
	const char *t;
	size_t len, pos;
	unsigned line;
	struct diag_list *diags;
	struct gtok peek;
	bool have_peek;
	bool dead;      /* nesting limit hit: stop parsing */
	bool cut;       /* memory cap hit: the lexer sees the end of the file */
	size_t mem, mem_max; /* estimated bytes of the parsed form, and its cap */
	int err;        /* sticky -ENOMEM */
};

static void gtok_done(struct gtok *t)
{
	free(t->word);
	t->word = NULL;
}

/* What malloc keeps beside each block: counted so many tiny nodes are not cheap. */
#define GRUB_ALLOC_OVERHEAD 16

static void gparser_charge(struct gparser *p, size_t bytes)
{
	p->mem += bytes + GRUB_ALLOC_OVERHEAD;
	if (p->mem <= p->mem_max || p->cut)
		return;
	diag_add(p->diags, p->name, p->line, "parsed form larger than %zu bytes; rest of file ignored", p->mem_max);
	p->cut = true;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\0' || c == '\f' || c == '\v';
}

static void glex_word(struct gparser *p, struct gtok *tok)
{
	size_t start = p->pos;
	unsigned qline = p->line;
	bool bare = true;

	while (p->pos < p->len) {
		char c = p->t[p->pos];

		if (is_blank(c) || c == '\n' || c == ';')
			break;
		if (c == '\\') {
			bare = false;
			p->pos++;
			if (p->pos < p->len) {
				if (p->t[p->pos] == '\n')
					p->line++;
				p->pos++;
			}
			continue;
		}
		if (c == '\'' || c == '"') {
			bare = false;
			qline = p->line;
			p->pos++;
			while (p->pos < p->len && p->t[p->pos] != c) {
				if (c == '"' && p->t[p->pos] == '\\' && p->pos + 1 < p->len) {
					if (p->t[p->pos + 1] == '\n')
						p->line++;
					p->pos++;
				} else if (p->t[p->pos] == '\n') {
					p->line++;
				}
				p->pos++;
			}
			if (p->pos >= p->len) {
				diag_add(p->diags, p->name, qline, "unterminated %s quote",
					 c == '"' ? "double" : "single");
				break;
			}
			p->pos++;
			continue;
		}
		if (c == '$')
			bare = false;
		p->pos++;
	}
	tok->type = GT_WORD;
	tok->bare = bare;
	if (p->pos - start > GRUB_MAX_WORD) {
		tok->too_long = true;
		tok->word = strdup("");
	} else {
		tok->word = strndup(p->t + start, p->pos - start);
	}
	if (!tok->word)
		p->err = -ENOMEM;
	else
		gparser_charge(p, strlen(tok->word) + 1 + sizeof(char *));
}

static void glex(struct gparser *p, struct gtok *tok)
{
	memset(tok, 0, sizeof(*tok));
	for (;;) {
		char c;

		if (p->pos >= p->len || p->cut) {
			tok->type = GT_EOF;
			tok->line = p->line;
			return;
		}
		c = p->t[p->pos];
		if (is_blank(c)) {
			p->pos++;
		} else if (c == '\\' && p->pos + 1 < p->len && p->t[p->pos + 1] == '\n') {
			p->pos += 2;
			p->line++;
		} else if (c == '#') {
			while (p->pos < p->len && p->t[p->pos] != '\n')
				p->pos++;
		} else if (c == '\n' || c == ';') {
			tok->type = GT_SEP;
			tok->line = p->line;
			if (c == '\n')
				p->line++;
			p->pos++;
			return;
		} else {
			tok->line = p->line;
			glex_word(p, tok);
			return;
		}
	}
}

static struct gtok *gpeek(struct gparser *p)
{
	if (!p->have_peek) {
		glex(p, &p->peek);
		p->have_peek = true;
	}
	return &p->peek;
}

/* Hands the peeked token to the caller (who frees its word). */
static struct gtok gtake(struct gparser *p)
{
	struct gtok t = *gpeek(p);

	p->have_peek = false;
	memset(&p->peek, 0, sizeof(p->peek));
	return t;
}

static bool gtok_is(const struct gtok *t, const char *kw)
{
	return t->type == GT_WORD && t->bare && strcmp(t->word, kw) == 0;
}

static void gblock_free(struct gblock *b);

static void gnode_free(struct gnode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n_words; i++)
		free(n->words[i]);
	free(n->words);
	gblock_free(&n->body);
	for (size_t i = 0; i < n->n_br; i++) {
		gblock_free(&n->br[i].cond);
		gblock_free(&n->br[i].body);
	}
	free(n->br);
	gblock_free(&n->els);
	free(n);
}

static void gblock_free(struct gblock *b)
{
	for (size_t i = 0; i < b->n; i++)
		gnode_free(b->nodes[i]);
	free(b->nodes);
	b->nodes = NULL;
	b->n = 0;
}

static int gblock_add(struct gblock *b, struct gnode *n)
{
	struct gnode **v = ggrow(b->nodes, b->n, sizeof(*v));

	if (!v)
		return -ENOMEM;
	v[b->n++] = n;
	b->nodes = v;
	return 0;
}

static int gnode_add_word(struct gnode *n, char *w)
{
	char **v = ggrow(n->words, n->n_words, sizeof(*v));

	if (!v)
		return -ENOMEM;
	v[n->n_words++] = w;
	n->words = v;
	return 0;
}

static const char *const gkw_block_end[] = { "}", NULL };

static bool gkw_in(const struct gtok *t, const char *const *set)
{
	for (; set && *set; set++)
		if (gtok_is(t, *set))
			return true;
	return false;
}

static void gparse_block(struct gparser *p, struct gblock *b, const char *const *terms,
			 char **ret_term, unsigned depth);

/* Collects words up to the end of the command (or a bare "{" / "}"). */
static void gparse_words(struct gparser *p, struct gnode *n, bool stop_at_brace)
{
	for (;;) {
		struct gtok *t = gpeek(p);
		struct gtok w;

		if (t->type != GT_WORD || gtok_is(t, "}") || (stop_at_brace && gtok_is(t, "{")))
			return;
		w = gtake(p);
		if (w.too_long) {
			diag_add(p->diags, p->name, w.line, "word longer than %u bytes dropped",
				 GRUB_MAX_WORD);
			n->kind = GN_UNSUPPORTED;
		}
		if (gnode_add_word(n, w.word) < 0) {
			gtok_done(&w);
			p->err = -ENOMEM;
			return;
		}
	}
}

static void gparse_body(struct gparser *p, struct gnode *n, const char *what, unsigned depth)
{
	_cleanup_free_ char *term = NULL;
	struct gtok t;

	if (!gtok_is(gpeek(p), "{")) {
		diag_add(p->diags, p->name, n->line, "'%s' without '{'", what);
		n->kind = GN_UNSUPPORTED;
		return;
	}
	t = gtake(p);
	gtok_done(&t);
	gparse_block(p, &n->body, gkw_block_end, &term, depth);
	if (!term) {
		diag_add(p->diags, p->name, n->line, "unterminated '%s' (no closing '}'); ignored", what);
		n->unterminated = true;
	}
}

static void gparse_if(struct gparser *p, struct gnode *n, unsigned depth)
{
	static const char *const then_kw[] = { "then", NULL };
	static const char *const body_kw[] = { "elif", "else", "fi", NULL };
	static const char *const fi_kw[] = { "fi", NULL };
	char *term = NULL;

	for (;;) {
		struct gif_branch *br = ggrow(n->br, n->n_br, sizeof(*br));

		if (!br) {
			p->err = -ENOMEM;
			return;
		}
		n->br = br;
		br = &n->br[n->n_br++];
		memset(br, 0, sizeof(*br));
		gparse_block(p, &br->cond, then_kw, &term, depth);
		if (!term)
			break;
		free(term);
		gparse_block(p, &br->body, body_kw, &term, depth);
		if (!term)
			break;
		if (strcmp(term, "else") == 0) {
			free(term);
			n->has_else = true;
			gparse_block(p, &n->els, fi_kw, &term, depth);
			if (!term)
				break;
		}
		if (strcmp(term, "fi") == 0) {
			free(term);
			return;
		}
		free(term); /* elif: next branch */
	}
	diag_add(p->diags, p->name, n->line, "unterminated 'if' (no 'fi')");
}

static void gparse_statement(struct gparser *p, struct gblock *b, unsigned depth)
{
	struct gtok first = gtake(p);
	struct gnode *n;

	if (depth > GRUB_MAX_NESTING) {
		diag_add(p->diags, p->name, first.line, "blocks nested deeper than %u; rest of file ignored",
			 GRUB_MAX_NESTING);
		gtok_done(&first);
		p->dead = true;
		return;
	}
	n = calloc(1, sizeof(*n));
	if (!n) {
		gtok_done(&first);
		p->err = -ENOMEM;
		return;
	}
	gparser_charge(p, sizeof(*n) + sizeof(n));
	n->line = first.line;
	n->kind = GN_CMD;
	if (first.bare && (strcmp(first.word, "then") == 0 || strcmp(first.word, "fi") == 0 ||
			   strcmp(first.word, "elif") == 0 || strcmp(first.word, "else") == 0 ||
			   strcmp(first.word, "do") == 0 || strcmp(first.word, "done") == 0 ||
			   strcmp(first.word, "}") == 0)) {
		diag_add(p->diags, p->name, first.line, "unexpected '%s'", first.word);
		gtok_done(&first);
		free(n);
		return;
	}
	if (first.bare && strcmp(first.word, "if") == 0) {
		n->kind = GN_IF;
		gtok_done(&first);
		gparse_if(p, n, depth + 1);
	} else if (first.bare && (strcmp(first.word, "menuentry") == 0 ||
				  strcmp(first.word, "submenu") == 0)) {
		const char *what = strcmp(first.word, "submenu") == 0 ? "submenu" : "menuentry";

		n->kind = what[0] == 's' ? GN_SUBMENU : GN_MENUENTRY;
		if (gnode_add_word(n, first.word) < 0) {
			gtok_done(&first);
			p->err = -ENOMEM;
		} else {
			gparse_words(p, n, true);
			gparse_body(p, n, what, depth + 1);
		}
	} else if (first.bare && strcmp(first.word, "function") == 0) {
		n->kind = GN_FUNCTION;
		gtok_done(&first);
		gparse_words(p, n, true);
		if (n->n_words != 1) {
			diag_add(p->diags, p->name, n->line, "'function' needs one name");
			n->kind = GN_UNSUPPORTED;
		}
		gparse_body(p, n, "function", depth + 1);
	} else if (first.bare && strcmp(first.word, "{") == 0) {
		_cleanup_free_ char *term = NULL;

		n->kind = GN_BLOCK;
		gtok_done(&first);
		gparse_block(p, &n->body, gkw_block_end, &term, depth + 1);
		if (!term)
			diag_add(p->diags, p->name, n->line, "unterminated '{'");
	} else if (first.bare && (strcmp(first.word, "for") == 0 || strcmp(first.word, "while") == 0 ||
				  strcmp(first.word, "until") == 0)) {
		static const char *const do_kw[] = { "do", NULL };
		static const char *const done_kw[] = { "done", NULL };
		_cleanup_free_ char *term = NULL;
		struct gblock head = { 0 };

		n->kind = GN_UNSUPPORTED;
		if (gnode_add_word(n, first.word) < 0) {
			gtok_done(&first);
			p->err = -ENOMEM;
		} else {
			gparse_block(p, &head, do_kw, &term, depth + 1);
			gblock_free(&head);
			if (term) {
				free(term);
				term = NULL;
				gparse_block(p, &n->body, done_kw, &term, depth + 1);
			}
			if (!term)
				diag_add(p->diags, p->name, n->line, "unterminated '%s'", n->words[0]);
		}
	} else {
		if (first.too_long) {
			diag_add(p->diags, p->name, first.line, "word longer than %u bytes dropped",
				 GRUB_MAX_WORD);
			n->kind = GN_UNSUPPORTED;
		}
		if (gnode_add_word(n, first.word) < 0) {
			gtok_done(&first);
			p->err = -ENOMEM;
		} else {
			gparse_words(p, n, false);
		}
	}
	if (gblock_add(b, n) < 0) {
		gnode_free(n);
		p->err = -ENOMEM;
	}
}

static void gparse_block(struct gparser *p, struct gblock *b, const char *const *terms,
			 char **ret_term, unsigned depth)
{
	*ret_term = NULL;
	while (!p->err && !p->dead) {
		struct gtok *t = gpeek(p);

		if (t->type == GT_EOF)
			return;
		if (t->type == GT_SEP) {
			struct gtok s = gtake(p);

			gtok_done(&s);
			continue;
		}
		if (gkw_in(t, terms)) {
			struct gtok k = gtake(p);

			*ret_term = k.word;
			return;
		}
		gparse_statement(p, b, depth);
	}
}

int gscript_parse(const char *name, const char *text, size_t len, size_t mem_max, struct gfile *out,
		  size_t *ret_mem, struct diag_list *diags)
{
	struct gparser p = {
		.name = name, .t = text, .len = len, .line = 1, .diags = diags, .mem_max = mem_max,
	};
	char *term = NULL;

	memset(out, 0, sizeof(*out));
	out->name = strdup(name);
	if (!out->name)
		return -ENOMEM;
	while (!p.err && !p.dead) {
		gparse_block(&p, &out->top, NULL, &term, 0);
		free(term);
		term = NULL;
		if (gpeek(&p)->type == GT_EOF)
			break;
		/* A stray reserved word at top level: diagnose and go on. */
		gparse_statement(&p, &out->top, 0);
	}
	if (p.have_peek)
		gtok_done(&p.peek);
	if (p.err) {
		gfile_done(out);
		return p.err;
	}
	*ret_mem = p.mem;
	return 0;
}

void gfile_done(struct gfile *f)
{
	if (!f)
		return;
	free(f->name);
	gblock_free(&f->top);
	memset(f, 0, sizeof(*f));
}
