<?xml version="1.0" encoding="UTF-8"?>
<!-- stylesheets/index.xsl: the index.html of a rendered tree (`apc render PATH... -f html -o DIR`).
     Input (built by main.c, passed to render_index):
       <index xmlns="urn:apc:index:1" title="optional heading">
         <entry href="sub/x.html" file="sub/x.txt" symbol="219-CTr/TU" kind="CTr" title="..."
                issuer="..." date="2023-05-22" parent="36-NQ/TW" errors="0" warnings="2" notes="1"
                failed="0"/>
       </index>
     Every attribute but href is optional; kind-text is the document's kind as written ("KẾ HOẠCH").
     review="1" on the root (apc render with annotate) adds the counts of problems and the source
     files: a published index shows neither. Output: one self-contained HTML5 page, sortable and
     searchable through a few lines of script; without script it is the same table, in the
     order of the files. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:apc:index:1"
    xmlns:exsl="http://exslt.org/common"
    xmlns:set="http://exslt.org/sets"
    exclude-result-prefixes="i exsl set">

  <xsl:output method="html" encoding="UTF-8" indent="no" doctype-system="about:legacy-compat"/>
  <xsl:param name="lang" select="'vi'"/>

  <xsl:template name="t">
    <xsl:param name="vi"/><xsl:param name="en"/>
    <xsl:choose><xsl:when test="$lang = 'en'"><xsl:value-of select="$en"/></xsl:when><xsl:otherwise><xsl:value-of select="$vi"/></xsl:otherwise></xsl:choose>
  </xsl:template>

  <!-- The kind in words: the kind as the document writes it ("KẾ HOẠCH" -> "Kế hoạch"), else
       from the symbol's type code. -->
  <xsl:variable name="lower" select="'abcdefghijklmnopqrstuvwxyzđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ'"/>
  <xsl:variable name="upper" select="'ABCDEFGHIJKLMNOPQRSTUVWXYZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ'"/>
  <xsl:variable name="kinds-rtf">
    <k code="CTr">Chương trình</k><k code="KH">Kế hoạch</k><k code="NQ">Nghị quyết</k>
    <k code="QĐ">Quyết định</k><k code="CT">Chỉ thị</k><k code="KL">Kết luận</k><k code="HD">Hướng dẫn</k>
    <k code="TB">Thông báo</k><k code="ĐA">Đề án</k><k code="BC">Báo cáo</k><k code="CV">Công văn</k>
  </xsl:variable>
  <xsl:template name="kind-words">
    <xsl:variable name="t" select="normalize-space(@kind-text)"/>
    <xsl:choose>
      <xsl:when test="$t != ''">
        <xsl:value-of select="substring($t, 1, 1)"/>
        <xsl:value-of select="translate(substring($t, 2), $upper, $lower)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="code" select="@kind"/>
        <xsl:for-each select="exsl:node-set($kinds-rtf)/k[@code = $code]"><xsl:value-of select="."/></xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="/i:index">
    <xsl:variable name="review" select="@review = '1'"/>
    <xsl:variable name="heading">
      <xsl:choose>
        <xsl:when test="@title"><xsl:value-of select="@title"/></xsl:when>
        <xsl:otherwise><xsl:call-template name="t"><xsl:with-param name="vi" select="'Danh mục văn bản'"/><xsl:with-param name="en" select="'Documents'"/></xsl:call-template></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <html lang="vi">
      <head>
        <title><xsl:value-of select="$heading"/></title>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="apc"/>
        <style>
body { font-family: "Times New Roman", "Liberation Serif", serif; font-size: 13pt; margin: 20px auto; max-width: 1200px; padding: 0 12px; }
h1 { font-size: 16pt; }
.box { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: 3px 6px; vertical-align: top; text-align: left; }
th { background: #eee; }
th button { font: inherit; font-weight: bold; background: none; border: 0; padding: 0; cursor: pointer; text-align: left; }
th[aria-sort="ascending"] button::after { content: " ▲"; }
th[aria-sort="descending"] button::after { content: " ▼"; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.has-errors td.errors { color: #b3261e; font-weight: bold; }
tr.has-warnings td.warnings { color: #8a5a00; font-weight: bold; }
tr.failed td { background: #fbeceb; }
.summary { margin: 8px 0 14px; }
.filters { display: flex; flex-wrap: wrap; gap: 8px 16px; margin: 0 0 10px; font-size: 11pt; }
.filters input, .filters select { font: inherit; }
        </style>
      </head>
      <body>
        <h1><xsl:value-of select="$heading"/></h1>
        <p class="summary">
          <xsl:value-of select="count(i:entry)"/>
          <xsl:call-template name="t"><xsl:with-param name="vi" select="' văn bản'"/><xsl:with-param name="en" select="' documents'"/></xsl:call-template>
          <xsl:if test="$review">
            <xsl:call-template name="t"><xsl:with-param name="vi" select="'; lỗi: '"/><xsl:with-param name="en" select="'; errors: '"/></xsl:call-template>
            <xsl:value-of select="sum(i:entry/@errors[. = number(.)])"/>
            <xsl:call-template name="t"><xsl:with-param name="vi" select="', cảnh báo: '"/><xsl:with-param name="en" select="', warnings: '"/></xsl:call-template>
            <xsl:value-of select="sum(i:entry/@warnings[. = number(.)])"/>
          </xsl:if>
        </p>
        <form class="filters" id="filters" hidden="">
          <label><xsl:call-template name="t"><xsl:with-param name="vi" select="'Tìm: '"/><xsl:with-param name="en" select="'Search: '"/></xsl:call-template><input type="search" id="q"/></label>
          <label><xsl:call-template name="t"><xsl:with-param name="vi" select="'Cơ quan ban hành: '"/><xsl:with-param name="en" select="'Issuer: '"/></xsl:call-template>
            <select id="f-issuer" data-col="3"><option value=""><xsl:call-template name="t"><xsl:with-param name="vi" select="'(tất cả)'"/><xsl:with-param name="en" select="'(all)'"/></xsl:call-template></option>
              <xsl:for-each select="set:distinct(i:entry/@issuer)"><xsl:sort select="."/><option><xsl:value-of select="."/></option></xsl:for-each>
            </select></label>
          <label><xsl:call-template name="t"><xsl:with-param name="vi" select="'Văn bản cấp trên: '"/><xsl:with-param name="en" select="'Parent: '"/></xsl:call-template>
            <select id="f-parent" data-col="5"><option value=""><xsl:call-template name="t"><xsl:with-param name="vi" select="'(tất cả)'"/><xsl:with-param name="en" select="'(all)'"/></xsl:call-template></option>
              <xsl:for-each select="set:distinct(i:entry/@parent)"><xsl:sort select="."/><option><xsl:value-of select="."/></option></xsl:for-each>
            </select></label>
        </form>
        <div class="box">
        <table id="docs">
          <thead>
            <tr>
              <th scope="col"><xsl:call-template name="t"><xsl:with-param name="vi" select="'Loại văn bản'"/><xsl:with-param name="en" select="'Type'"/></xsl:call-template></th>
              <th scope="col"><xsl:call-template name="t"><xsl:with-param name="vi" select="'Số, ký hiệu'"/><xsl:with-param name="en" select="'Symbol'"/></xsl:call-template></th>
              <th scope="col"><xsl:call-template name="t"><xsl:with-param name="vi" select="'Ngày'"/><xsl:with-param name="en" select="'Date'"/></xsl:call-template></th>
              <th scope="col"><xsl:call-template name="t"><xsl:with-param name="vi" select="'Cơ quan ban hành'"/><xsl:with-param name="en" select="'Issuer'"/></xsl:call-template></th>
              <th scope="col"><xsl:call-template name="t"><xsl:with-param name="vi" select="'Trích yếu'"/><xsl:with-param name="en" select="'Title'"/></xsl:call-template></th>
              <th scope="col"><xsl:call-template name="t"><xsl:with-param name="vi" select="'Văn bản cấp trên'"/><xsl:with-param name="en" select="'Parent'"/></xsl:call-template></th>
              <xsl:if test="$review">
                <th scope="col"><xsl:call-template name="t"><xsl:with-param name="vi" select="'Lỗi'"/><xsl:with-param name="en" select="'Errors'"/></xsl:call-template></th>
                <th scope="col"><xsl:call-template name="t"><xsl:with-param name="vi" select="'Cảnh báo'"/><xsl:with-param name="en" select="'Warnings'"/></xsl:call-template></th>
                <th scope="col"><xsl:call-template name="t"><xsl:with-param name="vi" select="'Tệp'"/><xsl:with-param name="en" select="'File'"/></xsl:call-template></th>
              </xsl:if>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="i:entry">
              <tr>
                <xsl:attribute name="class">
                  <xsl:if test="$review and @errors &gt; 0">has-errors </xsl:if>
                  <xsl:if test="$review and @warnings &gt; 0">has-warnings </xsl:if>
                  <xsl:if test="@failed = '1'">failed</xsl:if>
                </xsl:attribute>
                <td><xsl:call-template name="kind-words"/></td>
                <td>
                  <xsl:choose>
                    <xsl:when test="@href and not(@failed = '1')"><a href="{@href}"><xsl:value-of select="@symbol"/><xsl:if test="not(@symbol)">(?)</xsl:if></a></xsl:when>
                    <xsl:otherwise><xsl:value-of select="@symbol"/></xsl:otherwise>
                  </xsl:choose>
                </td>
                <td data-sort="{@date}">
                  <xsl:choose>
                    <xsl:when test="string-length(@date) = 10"><time datetime="{@date}"><xsl:value-of select="number(substring(@date, 9, 2))"/>/<xsl:value-of select="number(substring(@date, 6, 2))"/>/<xsl:value-of select="substring(@date, 1, 4)"/></time></xsl:when>
                    <xsl:otherwise><xsl:value-of select="@date"/></xsl:otherwise>
                  </xsl:choose>
                </td>
                <td><xsl:value-of select="@issuer"/></td>
                <td><xsl:value-of select="@title"/></td>
                <td><xsl:value-of select="@parent"/></td>
                <xsl:if test="$review">
                  <td class="num errors"><xsl:value-of select="@errors"/></td>
                  <td class="num warnings"><xsl:value-of select="@warnings"/></td>
                  <td><xsl:value-of select="@file"/></td>
                </xsl:if>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
        </div>
        <script>
(function () {
  var table = document.getElementById("docs"), body = table.tBodies[0], form = document.getElementById("filters");
  var rows = Array.prototype.slice.call(body.rows), q = document.getElementById("q");
  var sels = Array.prototype.slice.call(form.querySelectorAll("select"));
  form.hidden = false;
  function key(r, i) { var c = r.cells[i]; return (c.getAttribute("data-sort") || c.textContent).trim().toLowerCase(); }
  function filter() {
    var s = q.value.trim().toLowerCase();
    rows.forEach(function (r) {
      var ok = !s || r.textContent.toLowerCase().indexOf(s) &gt;= 0;
      sels.forEach(function (e) { if (e.value &amp;&amp; r.cells[+e.dataset.col].textContent.trim() !== e.value) ok = false; });
      r.hidden = !ok;
    });
  }
  q.addEventListener("input", filter);
  sels.forEach(function (e) { e.addEventListener("change", filter); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = th.textContent;
    th.textContent = "";
    th.appendChild(b);
    b.addEventListener("click", function () {
      var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", dir &gt; 0 ? "ascending" : "descending");
      rows.sort(function (a, b) { return key(a, i) &lt; key(b, i) ? -dir : key(a, i) &gt; key(b, i) ? dir : 0; });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
})();
        </script>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
