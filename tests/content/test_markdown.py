from tutor.content.markdown import render_inline, render_markdown


def test_math_is_kept_as_tex_for_the_browser() -> None:
    html = str(render_markdown("Gradient $0.2^{10} < 1$ and $$\\sigma'(x)$$"))
    assert '<span class="math math-inline">0.2^{10} &lt; 1</span>' in html
    assert '<span class="math math-display">\\sigma\'(x)</span>' in html or "math-display" in html


def test_raw_html_and_script_urls_are_neutralised() -> None:
    html = str(
        render_markdown(
            "<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>"
        )
    )
    assert "<script" not in html
    assert "javascript:" not in html.split("href")[-1] or "href" not in html
    assert "onerror" not in html or "&lt;img" in html


def test_inline_has_no_paragraph() -> None:
    assert str(render_inline("**bold**")) == "<strong>bold</strong>"
