// SPDX-License-Identifier: GPL-2.0-or-later
/* lib/url: RFC 3986 section 5.4's examples, parsing, ports, IPv6 literals, bad input. */
#include "lib/cleanup.h"
#include "lib/url.h"
#include "tests/unit/harness.h"

#include <errno.h>
#include <stdlib.h>

static const char base[] = "http://a/b/c/d;p?q";

static void check_resolve(const char *ref, const char *want)
{
	_cleanup_free_ char *got = NULL;
	int r = url_resolve(base, ref, &got);

	if (r < 0 || !got || strcmp(got, want) != 0) {
		fprintf(stderr, "  resolve(\"%s\") = %d \"%s\", want \"%s\"\n", ref, r, got ? got : "(null)", want);
		harness_failures++;
	}
}

/* RFC 3986 5.4.1 */
static void test_resolve_normal(void)
{
	static const char *const cases[][2] = {
		{ "g:h", "g:h" },
		{ "g", "http://a/b/c/g" },
		{ "./g", "http://a/b/c/g" },
		{ "g/", "http://a/b/c/g/" },
		{ "/g", "http://a/g" },
		{ "//g", "http://g" },
		{ "?y", "http://a/b/c/d;p?y" },
		{ "g?y", "http://a/b/c/g?y" },
		{ "#s", "http://a/b/c/d;p?q#s" },
		{ "g#s", "http://a/b/c/g#s" },
		{ "g?y#s", "http://a/b/c/g?y#s" },
		{ ";x", "http://a/b/c/;x" },
		{ "g;x", "http://a/b/c/g;x" },
		{ "g;x?y#s", "http://a/b/c/g;x?y#s" },
		{ "", "http://a/b/c/d;p?q" },
		{ ".", "http://a/b/c/" },
		{ "./", "http://a/b/c/" },
		{ "..", "http://a/b/" },
		{ "../", "http://a/b/" },
		{ "../g", "http://a/b/g" },
		{ "../..", "http://a/" },
		{ "../../", "http://a/" },
		{ "../../g", "http://a/g" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		check_resolve(cases[i][0], cases[i][1]);
}

/* RFC 3986 5.4.2 (strict parser: "http:g" keeps its scheme) */
static void test_resolve_abnormal(void)
{
	static const char *const cases[][2] = {
		{ "../../../g", "http://a/g" },
		{ "../../../../g", "http://a/g" },
		{ "/./g", "http://a/g" },
		{ "/../g", "http://a/g" },
		{ "g.", "http://a/b/c/g." },
		{ ".g", "http://a/b/c/.g" },
		{ "g..", "http://a/b/c/g.." },
		{ "..g", "http://a/b/c/..g" },
		{ "./../g", "http://a/b/g" },
		{ "./g/.", "http://a/b/c/g/" },
		{ "g/./h", "http://a/b/c/g/h" },
		{ "g/../h", "http://a/b/c/h" },
		{ "g;x=1/./y", "http://a/b/c/g;x=1/y" },
		{ "g;x=1/../y", "http://a/b/c/y" },
		{ "g?y/./x", "http://a/b/c/g?y/./x" },
		{ "g?y/../x", "http://a/b/c/g?y/../x" },
		{ "g#s/./x", "http://a/b/c/g#s/./x" },
		{ "g#s/../x", "http://a/b/c/g#s/../x" },
		{ "http:g", "http:g" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		check_resolve(cases[i][0], cases[i][1]);
}

static void test_resolve_netboot(void)
{
	_cleanup_free_ char *a = NULL, *b = NULL, *c = NULL;

	CHECK_EQ(url_resolve("http://10.0.0.1:8080/boot/grub/grub.cfg", "../images/vmlinuz", &a), 0);
	CHECK_STREQ(a, "http://10.0.0.1:8080/boot/images/vmlinuz");
	CHECK_EQ(url_resolve("http://h/dir/", "HTTP://Other/x/./y", &b), 0);
	CHECK_STREQ(b, "http://Other/x/y");
	/* a relative base cannot anchor a relative reference */
	CHECK_EQ(url_resolve("dir/file", "x", &c), -EINVAL);
	CHECK(c == NULL);
	CHECK_EQ(url_resolve(base, "a b", &c), -EINVAL);
	CHECK_EQ(url_resolve(base, "1x:y", &c), -EINVAL);
}

static void test_parse_parts(void)
{
	struct url u;

	CHECK_EQ(url_parse("HTTP://User:pw@Example.COM:8080/a/../b/%41?x=1&y#frag", &u), 0);
	CHECK_STREQ(u.scheme, "http");
	CHECK_STREQ(u.userinfo, "User:pw");
	CHECK_STREQ(u.host, "example.com");
	CHECK_EQ(u.port, 8080);
	CHECK(u.has_port);
	CHECK_STREQ(u.path, "/b/%41");
	CHECK_STREQ(u.query, "x=1&y");
	url_done(&u);

	CHECK_EQ(url_parse("http://127.0.0.1", &u), 0);
	CHECK_STREQ(u.host, "127.0.0.1");
	CHECK_EQ(u.port, 80);
	CHECK(!u.has_port);
	CHECK_STREQ(u.path, "/");
	CHECK(u.query == NULL && u.userinfo == NULL);
	url_done(&u);

	CHECK_EQ(url_parse("file:///boot/vmlinuz", &u), 0);
	CHECK_STREQ(u.host, "");
	CHECK_EQ(u.port, 0);
	CHECK_STREQ(u.path, "/boot/vmlinuz");
	url_done(&u);
	url_done(&u); /* a zeroed struct is accepted */
}

static void test_parse_ports(void)
{
	struct url u;

	CHECK_EQ(url_parse("https://h/x", &u), 0);
	CHECK_EQ(u.port, 443);
	url_done(&u);
	CHECK_EQ(url_parse("tftp://h/pxelinux.0", &u), 0);
	CHECK_EQ(u.port, 69);
	url_done(&u);
	CHECK_EQ(url_parse("http://h:/x", &u), 0); /* empty port: the default */
	CHECK_EQ(u.port, 80);
	CHECK(!u.has_port);
	url_done(&u);
	CHECK_EQ(url_parse("http://h:65535/", &u), 0);
	CHECK_EQ(u.port, 65535);
	url_done(&u);
	CHECK_EQ(url_parse("http://h:65536/", &u), -EINVAL);
	CHECK_EQ(url_parse("http://h:0/", &u), -EINVAL);
	CHECK_EQ(url_parse("http://h:8o/", &u), -EINVAL);
	CHECK_EQ(url_parse("http://h:000080/", &u), -EINVAL);
	CHECK_EQ(url_default_port("HTTP"), 80);
	CHECK_EQ(url_default_port("gopher"), 0);
	CHECK_EQ(url_default_port(NULL), 0);
}

static void test_parse_ipv6(void)
{
	struct url u;
	_cleanup_free_ char *t = NULL;

	CHECK_EQ(url_parse("http://[::1]:8080/vmlinuz?a", &u), 0);
	CHECK_STREQ(u.host, "::1");
	CHECK_EQ(u.port, 8080);
	CHECK_EQ(url_request_target(&u, &t), 0);
	CHECK_STREQ(t, "/vmlinuz?a");
	url_done(&u);
	CHECK_EQ(url_parse("http://[2001:DB8::A:1]/", &u), 0);
	CHECK_STREQ(u.host, "2001:db8::a:1");
	CHECK_EQ(u.port, 80);
	url_done(&u);
	CHECK_EQ(url_parse("http://[::ffff:192.0.2.1]/", &u), 0);
	CHECK_STREQ(u.host, "::ffff:192.0.2.1");
	url_done(&u);
	CHECK_EQ(url_parse("http://[::1/", &u), -EINVAL);
	CHECK_EQ(url_parse("http://[::1]x/", &u), -EINVAL);
	CHECK_EQ(url_parse("http://[]/", &u), -EINVAL);
	CHECK_EQ(url_parse("http://[g::1]/", &u), -EINVAL);
	CHECK_EQ(url_parse("http://::1/", &u), -EINVAL);
}

static void test_parse_bad(void)
{
	static const char *const bad[] = {
		"", "vmlinuz", "/boot/vmlinuz", "http:/x", "http:x", "://h/x", "1http://h/",
		"http:///x",            /* no host */
		"http://h/a b",         /* space */
		"http://h/a\r\nX: y",   /* header injection */
		"http://h/%4",          /* short escape */
		"http://h/%zz",
		"http://h/a\"b",
		"http://h/\x80",
		"http://h o/",
		"http://h/?q=%",
	};
	struct url u = { 0 };
	_cleanup_free_ char *big = malloc(URL_MAX + 16);

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		int r = url_parse(bad[i], &u);

		if (r != -EINVAL) {
			fprintf(stderr, "  url_parse(\"%s\") = %d\n", bad[i], r);
			harness_failures++;
		}
		CHECK(u.scheme == NULL && u.host == NULL && u.path == NULL);
	}
	CHECK(big != NULL);
	strcpy(big, "http://h/");
	memset(big + 9, 'a', URL_MAX);
	big[URL_MAX + 9] = '\0';
	CHECK_EQ(url_parse(big, &u), -EINVAL);
	big[URL_MAX - 1] = '\0';
	CHECK_EQ(url_parse(big, &u), 0);
	url_done(&u);
}

static void test_request_target(void)
{
	struct url u;
	_cleanup_free_ char *a = NULL, *b = NULL;

	CHECK_EQ(url_parse("http://h", &u), 0);
	CHECK_EQ(url_request_target(&u, &a), 0);
	CHECK_STREQ(a, "/");
	url_done(&u);
	CHECK_EQ(url_parse("http://h/x/y.img?v=2#f", &u), 0);
	CHECK_EQ(url_request_target(&u, &b), 0);
	CHECK_STREQ(b, "/x/y.img?v=2");
	url_done(&u);
}

static void test_decode(void)
{
	_cleanup_free_ char *a = NULL, *b = NULL, *c = NULL;

	CHECK_EQ(url_decode("/a%20b/%41%7e+", &a), 0);
	CHECK_STREQ(a, "/a b/A~+");
	CHECK_EQ(url_decode("", &b), 0);
	CHECK_STREQ(b, "");
	CHECK_EQ(url_decode("%00", &c), -EINVAL);
	CHECK_EQ(url_decode("%", &c), -EINVAL);
	CHECK_EQ(url_decode("x%4", &c), -EINVAL);
	CHECK_EQ(url_decode("%g0", &c), -EINVAL);
	CHECK(c == NULL);
}

static const struct test tests[] = {
	TEST(resolve_normal), TEST(resolve_abnormal), TEST(resolve_netboot), TEST(parse_parts),
	TEST(parse_ports),    TEST(parse_ipv6),       TEST(parse_bad),       TEST(request_target),
	TEST(decode),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
