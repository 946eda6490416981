<?xml version="1.0" encoding="UTF-8"?>
<!-- stylesheets/html.xsl: a compiled program (schemas/program.rng) as one self-contained HTML5 page,
     laid out as the presentation standards lay out the printed document (Party: Hướng dẫn
     36-HD/VPTW; State: Nghị định 30/2020/NĐ-CP), followed by pictures made here as inline SVG:
     a timeline of the appendix tasks, an agency responsibility matrix, and the coverage of the
     parent's missions. XSLT 1.0 + EXSLT (exsl:node-set, str:tokenize). No external resource.

     Parameters: lang ('vi' | 'en': the language of apc's own labels; the document stays Vietnamese),
                 annotate (true() to show the diagnostics that render.c puts in
                 /p:program/d:diagnostics beside the lines they concern).
     Source text is only ever copied as text: no disable-output-escaping anywhere.
     Lookups go through xsl:key; no document-wide // inside a loop (STYLE.md 14). -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:p="urn:apc:program:1"
    xmlns:src="urn:apc:source:1"
    xmlns:d="urn:apc:diagnostics:1"
    xmlns:exsl="http://exslt.org/common"
    xmlns:str="http://exslt.org/strings"
    extension-element-prefixes="exsl str"
    exclude-result-prefixes="p src d exsl str">

  <xsl:include href="common.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>
  <xsl:strip-space elements="p:program p:meta p:preamble p:section p:subsection p:objective p:mission
                             p:signature p:recipients p:appendix p:columns p:group p:task"/>

  <xsl:param name="lang" select="'vi'"/>
  <xsl:param name="annotate" select="false()"/>

  <!-- ===== keys ===== -->
  <xsl:key name="task-n" match="p:task" use="@n"/>
  <xsl:key name="mission-n" match="p:mission" use="@n"/>
  <xsl:key name="group-n" match="p:group" use="@n"/>
  <xsl:key name="group-by-mission" match="p:group" use="@mission"/>
  <xsl:key name="block-line" match="p:p | p:item" use="@src:line"/>
  <xsl:key name="horizon" match="p:objective[@horizon]" use="@horizon"/>
  <xsl:key name="diag" match="d:diag" use="@line"/>
  <!-- any source line some rendered element holds (the root's own position excepted) -->
  <xsl:key name="held-line" match="*/*/@src:line" use="."/>
  <!-- the same, outside meta: a header fact read from the appendix is annotated there only -->
  <xsl:key name="body-line" match="*/*/@src:line[not(ancestor::p:meta)]" use="."/>
  <!-- on the model built below (a separate tree: keys look in the tree of the context node) -->
  <xsl:key name="m-agency" match="m" use="@k"/>
  <xsl:key name="m-cell" match="m" use="concat(@task, '|', @k)"/>
  <xsl:key name="cov-parent" match="cov" use="@parent"/>

  <!-- ===== apc's own words ===== -->
  <xsl:variable name="words-rtf">
    <w id="figures" vi="Biểu đồ" en="Charts"/>
    <w id="gantt" vi="Tiến độ thực hiện các nhiệm vụ trong phụ lục" en="Timeline of the appendix tasks"/>
    <w id="matrix" vi="Trách nhiệm của các cơ quan (● chủ trì, ○ phối hợp)" en="Agency responsibilities (● lead, ○ partner)"/>
    <w id="coverage" vi="Các nhiệm vụ của văn bản cấp trên được chương trình thực hiện" en="Coverage of the parent's missions by the program's missions"/>
    <w id="diagnostics" vi="Chẩn đoán" en="Diagnostics"/>
    <w id="unplaced" vi="Chẩn đoán chung của văn bản" en="Diagnostics about the whole document"/>
    <w id="none" vi="apc không có nhận xét nào về văn bản này." en="apc has nothing to say about this document."/>
    <w id="error" vi="lỗi" en="error"/>
    <w id="warning" vi="cảnh báo" en="warning"/>
    <w id="note" vi="ghi chú" en="note"/>
    <w id="line" vi="dòng" en="line"/>
    <w id="whole" vi="toàn văn bản" en="whole document"/>
    <w id="issued" vi="Ngày ban hành" en="Issued"/>
    <w id="parent" vi="Văn bản cấp trên" en="Parent"/>
    <w id="horizon" vi="Mốc" en="Horizon"/>
    <w id="vision" vi="Tầm nhìn" en="Vision"/>
    <w id="range" vi="có thời hạn" en="dated"/>
    <w id="annual" vi="hằng năm" en="annual"/>
    <w id="continuous" vi="thường xuyên, liên tục" en="continuous"/>
    <w id="deadline" vi="hạn hoàn thành" en="deadline"/>
    <w id="undated" vi="chưa xác định thời gian" en="no date"/>
    <w id="notasks" vi="Phụ lục không có nhiệm vụ nào." en="The appendix has no tasks."/>
    <w id="tasks" vi="nhiệm vụ" en="tasks"/>
    <w id="lead" vi="chủ trì" en="lead"/>
    <w id="partner" vi="phối hợp" en="partner"/>
    <w id="agency" vi="Cơ quan" en="Agency"/>
    <w id="mission" vi="Nhiệm vụ" en="Mission"/>
    <w id="program-missions" vi="Nhiệm vụ của chương trình" en="Program missions"/>
    <w id="uncovered" vi="không ứng với nhiệm vụ nào của văn bản cấp trên" en="covers no mission of the parent"/>
    <w id="skip" vi="Tới phần biểu đồ" en="Go to the charts"/>
    <w id="document" vi="Văn bản" en="Document"/>
  </xsl:variable>
  <xsl:variable name="words" select="exsl:node-set($words-rtf)/w"/>
  <xsl:template name="w">
    <xsl:param name="id"/>
    <xsl:variable name="w" select="$words[@id = $id]"/>
    <xsl:choose>
      <xsl:when test="$lang = 'en'"><xsl:value-of select="$w/@en"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$w/@vi"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:variable name="root" select="/p:program"/>
  <xsl:variable name="diags" select="/p:program/d:diagnostics/d:diag"/>
  <xsl:variable name="show-diags" select="boolean($annotate)"/>

  <!-- ===== page ===== -->
  <xsl:template match="/">
    <html lang="vi">
      <head>
        <title>
          <xsl:call-template name="symbol-line"/>
          <xsl:if test="p:program/p:meta/p:symbol"> · </xsl:if>
          <xsl:value-of select="normalize-space(p:program/p:meta/p:kind)"/>
          <xsl:text> </xsl:text>
          <xsl:value-of select="normalize-space(p:program/p:meta/p:title)"/>
        </title>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="apc"/>
        <style><xsl:call-template name="css"/></style>
      </head>
      <body class="{$form}">
        <xsl:apply-templates select="p:program"/>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="p:program">
    <nav class="toolbar">
      <a href="#doc"><xsl:call-template name="w"><xsl:with-param name="id" select="'document'"/></xsl:call-template></a>
      <xsl:if test="p:appendix"> · <a href="#appendix">PHỤ LỤC</a></xsl:if>
      <xsl:text> · </xsl:text>
      <a href="#figures"><xsl:call-template name="w"><xsl:with-param name="id" select="'figures'"/></xsl:call-template></a>
      <xsl:if test="$show-diags">
        <xsl:text> · </xsl:text>
        <span class="counts">
          <xsl:call-template name="w"><xsl:with-param name="id" select="'diagnostics'"/></xsl:call-template>
          <xsl:text>: </xsl:text>
          <span class="sev-error"><xsl:value-of select="count($diags[@severity = 'error'])"/></span>
          <xsl:text> </xsl:text>
          <xsl:call-template name="w"><xsl:with-param name="id" select="'error'"/></xsl:call-template>
          <xsl:text>, </xsl:text>
          <span class="sev-warning"><xsl:value-of select="count($diags[@severity = 'warning'])"/></span>
          <xsl:text> </xsl:text>
          <xsl:call-template name="w"><xsl:with-param name="id" select="'warning'"/></xsl:call-template>
        </span>
      </xsl:if>
    </nav>
    <xsl:if test="$show-diags">
      <xsl:call-template name="unplaced-diags"/>
    </xsl:if>
    <main>
      <article class="sheet doc" id="doc">
        <xsl:call-template name="masthead"/>
        <xsl:call-template name="heading-block"/>
        <xsl:apply-templates select="p:preamble | p:section"/>
        <xsl:if test="p:signature | p:recipients">
          <div class="closing">
            <div class="recipients-col"><xsl:apply-templates select="p:recipients"/></div>
            <div class="signature-col"><xsl:apply-templates select="p:signature"/></div>
          </div>
        </xsl:if>
      </article>
      <xsl:apply-templates select="p:appendix"/>
      <xsl:call-template name="figures"/>
    </main>
  </xsl:template>

  <!-- ===== the header block ===== -->
  <xsl:template name="masthead">
    <xsl:variable name="m" select="p:meta"/>
    <header class="masthead">
      <div class="mh-left">
        <xsl:choose>
          <xsl:when test="$form = 'party'">
            <xsl:if test="$m/p:superior"><p class="superior"><xsl:value-of select="normalize-space($m/p:superior)"/></p></xsl:if>
            <xsl:if test="$m/p:issuer"><p class="issuer"><xsl:value-of select="normalize-space($m/p:issuer)"/></p></xsl:if>
            <xsl:if test="$m/p:superior or $m/p:issuer"><p class="star">*</p></xsl:if>
          </xsl:when>
          <xsl:otherwise>
            <xsl:if test="$m/p:superior"><p class="superior"><xsl:value-of select="normalize-space($m/p:superior)"/></p></xsl:if>
            <xsl:if test="$m/p:issuer"><p class="issuer"><xsl:value-of select="normalize-space($m/p:issuer)"/></p></xsl:if>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:if test="$m/p:symbol"><p class="symbol"><xsl:call-template name="symbol-line"/></p></xsl:if>
      </div>
      <div class="mh-right">
        <xsl:choose>
          <xsl:when test="$form = 'party'">
            <p class="national"><span class="underlined">ĐẢNG CỘNG SẢN VIỆT NAM</span></p>
          </xsl:when>
          <xsl:otherwise>
            <p class="national">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>
            <p class="motto"><span class="underlined">Độc lập - Tự do - Hạnh phúc</span></p>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:if test="$m/p:date or $m/p:place"><p class="place-date"><xsl:call-template name="place-date"/></p></xsl:if>
      </div>
    </header>
    <xsl:call-template name="notes">
      <xsl:with-param name="lines" select="$m/descendant-or-self::*/@src:line[not(key('body-line', .))]"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="heading-block">
    <div class="doc-title">
      <xsl:if test="p:meta/p:kind"><h1 class="kind"><xsl:value-of select="normalize-space(p:meta/p:kind)"/></h1></xsl:if>
      <xsl:if test="p:meta/p:title"><p class="summary"><xsl:value-of select="normalize-space(p:meta/p:title)"/></p></xsl:if>
      <p class="title-rule"><xsl:choose><xsl:when test="$form = 'party'">-----</xsl:when><xsl:otherwise>&#160;</xsl:otherwise></xsl:choose></p>
    </div>
    <xsl:call-template name="notes">
      <xsl:with-param name="lines" select="p:implements/@src:line"/>
    </xsl:call-template>
  </xsl:template>

  <!-- ===== body ===== -->
  <xsl:template match="p:preamble">
    <div class="preamble"><xsl:apply-templates/></div>
  </xsl:template>

  <xsl:template match="p:section">
    <section class="section role-{@role}">
      <xsl:attribute name="id"><xsl:apply-templates select="." mode="anchor"/></xsl:attribute>
      <xsl:call-template name="notes">
        <xsl:with-param name="lines" select="@src:line | p:title/@src:line"/>
      </xsl:call-template>
      <h2><xsl:call-template name="numbered-title"/></h2>
      <xsl:apply-templates select="*[not(self::p:title)]"/>
    </section>
  </xsl:template>

  <xsl:template match="p:mission | p:objective | p:subsection">
    <section class="{local-name()}">
      <xsl:attribute name="id"><xsl:apply-templates select="." mode="anchor"/></xsl:attribute>
      <xsl:if test="p:title">
        <xsl:call-template name="notes">
          <xsl:with-param name="lines" select="@src:line | p:title/@src:line"/>
        </xsl:call-template>
        <xsl:variable name="depth" select="count(ancestor::p:objective | ancestor::p:subsection | ancestor::p:mission)"/>
        <xsl:choose>
          <xsl:when test="$depth = 0"><h3><xsl:call-template name="numbered-title"/></h3></xsl:when>
          <xsl:otherwise><h4><xsl:call-template name="numbered-title"/></h4></xsl:otherwise>
        </xsl:choose>
      </xsl:if>
      <xsl:apply-templates select="*[not(self::p:title)]"/>
    </section>
  </xsl:template>

  <xsl:template match="p:p">
    <xsl:call-template name="notes"><xsl:with-param name="lines" select="@src:line"/></xsl:call-template>
    <p class="p">
      <xsl:attribute name="id"><xsl:apply-templates select="." mode="anchor"/></xsl:attribute>
      <xsl:value-of select="normalize-space(.)"/>
    </p>
  </xsl:template>

  <xsl:template match="p:item">
    <xsl:call-template name="notes"><xsl:with-param name="lines" select="@src:line"/></xsl:call-template>
    <p class="p item">
      <xsl:attribute name="id"><xsl:apply-templates select="." mode="anchor"/></xsl:attribute>
      <xsl:variable name="mark"><xsl:call-template name="item-mark"/></xsl:variable>
      <xsl:if test="string($mark)"><span class="mark"><xsl:value-of select="$mark"/></span><xsl:text> </xsl:text></xsl:if>
      <xsl:value-of select="normalize-space(.)"/>
    </p>
  </xsl:template>

  <!-- ===== signature and recipients ===== -->
  <xsl:template match="p:signature">
    <div class="signature" id="signature">
      <xsl:call-template name="notes">
        <xsl:with-param name="lines" select="descendant-or-self::*/@src:line"/>
      </xsl:call-template>
      <xsl:for-each select="p:role"><p class="sig-role"><xsl:value-of select="normalize-space(.)"/></p></xsl:for-each>
      <xsl:if test="p:title"><p class="sig-title"><xsl:value-of select="normalize-space(p:title)"/></p></xsl:if>
      <p class="sig-space">&#160;</p>
      <xsl:if test="p:name"><p class="sig-name"><xsl:value-of select="normalize-space(p:name)"/></p></xsl:if>
    </div>
  </xsl:template>

  <xsl:template match="p:recipients">
    <div class="recipients" id="recipients">
      <xsl:call-template name="notes"><xsl:with-param name="lines" select="@src:line"/></xsl:call-template>
      <p class="rcp-head">Nơi nhận:</p>
      <ul>
        <xsl:for-each select="p:recipient">
          <li>
            <xsl:text>- </xsl:text>
            <xsl:value-of select="normalize-space(.)"/>
            <xsl:call-template name="notes"><xsl:with-param name="lines" select="@src:line"/></xsl:call-template>
          </li>
        </xsl:for-each>
      </ul>
    </div>
  </xsl:template>

  <!-- ===== appendix ===== -->
  <xsl:template match="p:appendix">
    <xsl:variable name="cols-rtf">
      <xsl:choose>
        <xsl:when test="p:columns/p:column">
          <xsl:for-each select="p:columns/p:column"><c key="{@key}"><xsl:value-of select="normalize-space(.)"/></c></xsl:for-each>
        </xsl:when>
        <xsl:otherwise>
          <xsl:for-each select="str:tokenize('number task lead partner timeline', ' ')">
            <c key="{.}"><xsl:call-template name="default-column-label"><xsl:with-param name="key" select="string(.)"/></xsl:call-template></c>
          </xsl:for-each>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="cols" select="exsl:node-set($cols-rtf)/c"/>
    <section class="sheet appendix">
      <xsl:attribute name="id"><xsl:apply-templates select="." mode="anchor"/></xsl:attribute>
      <xsl:call-template name="notes">
        <xsl:with-param name="lines" select="@src:line | p:title/@src:line | p:subtitle/@src:line | p:attached/@src:line | p:columns/@src:line"/>
      </xsl:call-template>
      <h2 class="app-title"><xsl:value-of select="normalize-space(p:title)"/></h2>
      <xsl:if test="p:subtitle"><p class="app-subtitle"><xsl:value-of select="normalize-space(p:subtitle)"/></p></xsl:if>
      <xsl:if test="p:attached"><p class="app-attached"><xsl:value-of select="normalize-space(p:attached)"/></p></xsl:if>
      <xsl:apply-templates select="p:p | p:item"/>
      <xsl:if test="p:task | p:group">
        <table class="tasks">
          <colgroup>
            <xsl:for-each select="$cols"><col class="col-{@key}"/></xsl:for-each>
          </colgroup>
          <thead>
            <tr><xsl:for-each select="$cols"><th scope="col" class="col-{@key}"><xsl:value-of select="."/></th></xsl:for-each></tr>
          </thead>
          <tbody>
            <xsl:apply-templates select="p:group | p:task" mode="row">
              <xsl:with-param name="cols" select="$cols"/>
            </xsl:apply-templates>
          </tbody>
        </table>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template match="p:group" mode="row">
    <xsl:param name="cols"/>
    <tr class="group-row">
      <xsl:attribute name="id"><xsl:apply-templates select="." mode="anchor"/></xsl:attribute>
      <th scope="rowgroup" class="col-number"><xsl:value-of select="@n"/></th>
      <td colspan="{count($cols) - 1}">
        <xsl:choose>
          <xsl:when test="@mission and key('mission-n', @mission)">
            <a class="plain">
              <xsl:attribute name="href">#<xsl:apply-templates select="key('mission-n', @mission)[1]" mode="anchor"/></xsl:attribute>
              <xsl:value-of select="normalize-space(p:title)"/>
            </a>
          </xsl:when>
          <xsl:otherwise><xsl:value-of select="normalize-space(p:title)"/></xsl:otherwise>
        </xsl:choose>
      </td>
    </tr>
    <xsl:call-template name="row-notes">
      <xsl:with-param name="lines" select="@src:line | p:title/@src:line"/>
      <xsl:with-param name="span" select="count($cols)"/>
    </xsl:call-template>
    <xsl:apply-templates select="p:group | p:task" mode="row">
      <xsl:with-param name="cols" select="$cols"/>
    </xsl:apply-templates>
  </xsl:template>

  <xsl:template match="p:task" mode="row">
    <xsl:param name="cols"/>
    <xsl:variable name="t" select="."/>
    <tr class="task-row">
      <xsl:attribute name="id"><xsl:apply-templates select="." mode="anchor"/></xsl:attribute>
      <xsl:for-each select="$cols">
        <td class="col-{@key}">
          <xsl:choose>
            <xsl:when test="@key = 'number'"><xsl:value-of select="$t/@n"/></xsl:when>
            <xsl:when test="@key = 'task'"><xsl:value-of select="normalize-space($t/p:text)"/></xsl:when>
            <xsl:when test="@key = 'lead'">
              <xsl:call-template name="agencies"><xsl:with-param name="nodes" select="$t/p:lead"/></xsl:call-template>
            </xsl:when>
            <xsl:when test="@key = 'partner'">
              <xsl:call-template name="agencies"><xsl:with-param name="nodes" select="$t/p:partner"/></xsl:call-template>
            </xsl:when>
            <xsl:when test="@key = 'timeline'"><xsl:value-of select="normalize-space($t/p:timeline)"/></xsl:when>
            <xsl:otherwise>
              <xsl:variable name="label" select="string(.)"/>
              <xsl:value-of select="normalize-space(($t/p:cell[@key = current()/@key][not(@header) or normalize-space(@header) = $label])[1])"/>
            </xsl:otherwise>
          </xsl:choose>
        </td>
      </xsl:for-each>
    </tr>
    <xsl:call-template name="row-notes">
      <xsl:with-param name="lines" select="descendant-or-self::*/@src:line"/>
      <xsl:with-param name="span" select="count($cols)"/>
    </xsl:call-template>
  </xsl:template>

  <!-- ===== stable anchors ===== -->
  <xsl:template match="*" mode="anchor">
    <xsl:value-of select="concat(local-name(), '-', generate-id())"/>
  </xsl:template>
  <xsl:template match="p:task" mode="anchor">
    <xsl:choose>
      <xsl:when test="count(key('task-n', @n)) = 1">task-<xsl:value-of select="translate(@n, ' ', '_')"/></xsl:when>
      <xsl:otherwise>task-<xsl:value-of select="translate(@n, ' ', '_')"/>-L<xsl:value-of select="@src:line"/>-<xsl:value-of select="generate-id()"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="p:mission" mode="anchor">
    <xsl:choose>
      <xsl:when test="count(key('mission-n', @n)) = 1">mission-<xsl:value-of select="translate(@n, ' ', '_')"/></xsl:when>
      <xsl:otherwise>mission-<xsl:value-of select="translate(@n, ' ', '_')"/>-<xsl:value-of select="generate-id()"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="p:group" mode="anchor">
    <xsl:choose>
      <xsl:when test="count(key('group-n', @n)) = 1">group-<xsl:value-of select="translate(@n, ' ', '_')"/></xsl:when>
      <xsl:otherwise>group-<xsl:value-of select="translate(@n, ' ', '_')"/>-<xsl:value-of select="generate-id()"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="p:section" mode="anchor">section-<xsl:value-of select="translate(@n, ' ', '_')"/></xsl:template>
  <xsl:template match="p:objective | p:subsection" mode="anchor">
    <xsl:value-of select="local-name()"/>
    <xsl:choose>
      <xsl:when test="@src:line">-L<xsl:value-of select="@src:line"/></xsl:when>
      <xsl:otherwise>-<xsl:value-of select="generate-id()"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="p:p | p:item" mode="anchor">
    <xsl:choose>
      <xsl:when test="@src:line and count(key('block-line', @src:line)) = 1">p-L<xsl:value-of select="@src:line"/></xsl:when>
      <xsl:when test="@src:line">p-L<xsl:value-of select="@src:line"/>-C<xsl:value-of select="@src:column"/>-<xsl:value-of select="generate-id()"/></xsl:when>
      <xsl:otherwise>p-<xsl:value-of select="generate-id()"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="p:appendix" mode="anchor">
    <xsl:text>appendix</xsl:text>
    <xsl:if test="preceding-sibling::p:appendix">-<xsl:value-of select="count(preceding-sibling::p:appendix) + 1"/></xsl:if>
  </xsl:template>

  <!-- ===== diagnostics beside the text (annotate) ===== -->
  <xsl:template name="notes">
    <xsl:param name="lines"/>
    <xsl:if test="$show-diags">
      <xsl:variable name="ds" select="key('diag', $lines)"/>
      <xsl:if test="$ds">
        <aside class="notes">
          <xsl:apply-templates select="$ds" mode="diag"/>
        </aside>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <xsl:template name="row-notes">
    <xsl:param name="lines"/>
    <xsl:param name="span"/>
    <xsl:if test="$show-diags">
      <xsl:variable name="ds" select="key('diag', $lines)"/>
      <xsl:if test="$ds">
        <tr class="note-row"><td colspan="{$span}"><xsl:apply-templates select="$ds" mode="diag"/></td></tr>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <xsl:template match="d:diag" mode="diag">
    <p class="diag sev-{@severity}">
      <span class="sev"><xsl:call-template name="w"><xsl:with-param name="id" select="string(@severity)"/></xsl:call-template></span>
      <xsl:text> </xsl:text>
      <span class="loc">
        <xsl:choose>
          <xsl:when test="@line &gt; 0">
            <xsl:call-template name="w"><xsl:with-param name="id" select="'line'"/></xsl:call-template>
            <xsl:text> </xsl:text>
            <xsl:value-of select="@line"/>
            <xsl:if test="@col &gt; 0">:<xsl:value-of select="@col"/></xsl:if>
          </xsl:when>
          <xsl:otherwise><xsl:call-template name="w"><xsl:with-param name="id" select="'whole'"/></xsl:call-template></xsl:otherwise>
        </xsl:choose>
      </span>
      <xsl:text> </xsl:text>
      <xsl:value-of select="."/>
      <xsl:text> </xsl:text>
      <code class="rule">[<xsl:value-of select="@rule"/>]</code>
    </p>
  </xsl:template>

  <xsl:template name="unplaced-diags">
    <xsl:variable name="loose" select="$diags[not(key('held-line', @line))]"/>
    <xsl:if test="not($diags) or $loose">
      <section class="sheet unplaced" id="diagnostics">
        <xsl:choose>
          <xsl:when test="not($diags)">
            <p class="diag sev-none"><xsl:call-template name="w"><xsl:with-param name="id" select="'none'"/></xsl:call-template></p>
          </xsl:when>
          <xsl:otherwise>
            <h2><xsl:call-template name="w"><xsl:with-param name="id" select="'unplaced'"/></xsl:call-template></h2>
            <xsl:apply-templates select="$loose" mode="diag"/>
          </xsl:otherwise>
        </xsl:choose>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ===== the model behind the pictures: one pass over the appendix ===== -->
  <!-- Decimal year of an ISO date: 2023-07-01 is 2023.5. -->
  <xsl:template name="year-of">
    <xsl:param name="iso"/>
    <xsl:value-of select="number(substring($iso, 1, 4)) + (number(substring($iso, 6, 2)) - 1) div 12 + (number(substring($iso, 9, 2)) - 1) div 365.25"/>
  </xsl:template>

  <xsl:variable name="issued-iso" select="/p:program/p:meta/p:date/@iso"/>
  <xsl:variable name="issued">
    <xsl:if test="string-length($issued-iso) = 10">
      <xsl:call-template name="year-of"><xsl:with-param name="iso" select="$issued-iso"/></xsl:call-template>
    </xsl:if>
  </xsl:variable>

  <xsl:variable name="model-rtf">
    <xsl:for-each select="/p:program/p:appendix//p:group | /p:program/p:appendix//p:task">
      <xsl:choose>
        <xsl:when test="self::p:group">
          <row kind="group" n="{@n}" depth="{count(ancestor::p:group)}" title="{normalize-space(p:title)}"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:variable name="tl" select="p:timeline"/>
          <xsl:variable name="s">
            <xsl:if test="string-length($tl/@start) = 10">
              <xsl:call-template name="year-of"><xsl:with-param name="iso" select="$tl/@start"/></xsl:call-template>
            </xsl:if>
          </xsl:variable>
          <xsl:variable name="e">
            <xsl:if test="string-length($tl/@end) = 10">
              <xsl:call-template name="year-of"><xsl:with-param name="iso" select="$tl/@end"/></xsl:call-template>
            </xsl:if>
          </xsl:variable>
          <row kind="task" n="{@n}" id="{generate-id()}" text="{normalize-space(p:text)}"
               tl="{normalize-space($tl)}" s="{$s}" e="{$e}" rec="{$tl/@recurrence}">
            <xsl:attribute name="anchor"><xsl:apply-templates select="." mode="anchor"/></xsl:attribute>
          </row>
          <xsl:for-each select="p:lead | p:partner">
            <!-- the agency's identity: its registry id, else its name folded (case, uỷ/ủy, dots) -->
            <m role="{local-name()}" task="{generate-id(..)}" name="{normalize-space(translate(., '.', ' '))}">
              <xsl:attribute name="k">
                <xsl:choose>
                  <xsl:when test="@ref"><xsl:value-of select="@ref"/></xsl:when>
                  <xsl:otherwise>~<xsl:value-of select="normalize-space(translate(., 'ABCDEFGHIJKLMNOPQRSTUVWXYZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚŨỤƯỪỨỬỮỰỲÝỸỴỦỶủỷ.', 'abcdefghijklmnopqrstuvwxyzđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúũụưừứửữựỳýỹỵuyuy'))"/></xsl:otherwise>
                </xsl:choose>
              </xsl:attribute>
            </m>
          </xsl:for-each>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
    <!-- a mission's tasks: the groups that name it (group/@mission); when no group names one and
         the appendix has one group per mission, the group in the same place -->
    <xsl:variable name="groups" select="/p:program/p:appendix[1]/p:group"/>
    <xsl:variable name="by-place" select="not(/p:program/p:appendix//p:group[@mission])
        and count($groups) = count(/p:program/p:section/p:mission)"/>
    <xsl:for-each select="/p:program/p:section/p:mission">
      <xsl:variable name="mission" select="."/>
      <xsl:variable name="anchor"><xsl:apply-templates select="." mode="anchor"/></xsl:variable>
      <xsl:variable name="place" select="position()"/>
      <xsl:variable name="ntasks">
        <xsl:choose>
          <xsl:when test="$by-place"><xsl:value-of select="count($groups[$place]/descendant::p:task)"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="count(key('group-by-mission', @n)/descendant::p:task)"/></xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <xsl:for-each select="str:tokenize(@covers, ' ')">
        <cov parent="{.}" m="{$mission/@n}" anchor="{$anchor}" tasks="{$ntasks}"/>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:variable>
  <xsl:variable name="model" select="exsl:node-set($model-rtf)"/>
  <xsl:variable name="rows" select="$model/row"/>
  <xsl:variable name="trows" select="$model/row[@kind = 'task']"/>

  <!-- ===== pictures ===== -->
  <xsl:template name="figures">
    <section class="sheet figures" id="figures">
      <h2><xsl:call-template name="w"><xsl:with-param name="id" select="'figures'"/></xsl:call-template></h2>
      <xsl:call-template name="gantt"/>
      <xsl:call-template name="matrix"/>
      <xsl:if test="$model/cov">
        <xsl:call-template name="coverage"/>
      </xsl:if>
    </section>
  </xsl:template>

  <!-- (a) Gantt -->
  <xsl:variable name="g-label" select="330"/>
  <xsl:variable name="g-x0" select="340"/>
  <xsl:variable name="g-x1" select="950"/>
  <xsl:variable name="g-row" select="18"/>
  <xsl:variable name="g-top" select="40"/>

  <xsl:template name="gantt">
    <figure class="chart" id="fig-gantt">
      <figcaption><xsl:call-template name="w"><xsl:with-param name="id" select="'gantt'"/></xsl:call-template></figcaption>
      <xsl:choose>
        <xsl:when test="not($trows)">
          <p class="empty"><xsl:call-template name="w"><xsl:with-param name="id" select="'notasks'"/></xsl:call-template></p>
        </xsl:when>
        <xsl:otherwise><xsl:call-template name="gantt-svg"/></xsl:otherwise>
      </xsl:choose>
    </figure>
  </xsl:template>

  <xsl:template name="gantt-svg">
    <!-- the span of years: issue date, every dated task, every horizon -->
    <xsl:variable name="years-rtf">
      <xsl:if test="string($issued) != ''"><y><xsl:value-of select="floor($issued)"/></y></xsl:if>
      <xsl:for-each select="$trows[@s != '']"><y><xsl:value-of select="floor(@s)"/></y></xsl:for-each>
      <xsl:for-each select="$trows[@e != '']"><y><xsl:value-of select="floor(@e)"/></y></xsl:for-each>
      <xsl:for-each select="/p:program/p:section/descendant::p:objective/@horizon"><y><xsl:value-of select="."/></y></xsl:for-each>
    </xsl:variable>
    <xsl:variable name="ys" select="exsl:node-set($years-rtf)/y"/>
    <xsl:variable name="y0">
      <xsl:choose>
        <xsl:when test="$ys"><xsl:for-each select="$ys"><xsl:sort data-type="number"/><xsl:if test="position() = 1"><xsl:value-of select="."/></xsl:if></xsl:for-each></xsl:when>
        <xsl:otherwise>2020</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="y1">
      <xsl:choose>
        <xsl:when test="$ys"><xsl:for-each select="$ys"><xsl:sort data-type="number" order="descending"/><xsl:if test="position() = 1"><xsl:value-of select="."/></xsl:if></xsl:for-each></xsl:when>
        <xsl:otherwise>2030</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="span" select="$y1 + 1 - $y0"/>
    <xsl:variable name="ppy" select="($g-x1 - $g-x0) div $span"/>
    <xsl:variable name="h" select="$g-top + count($rows) * $g-row + 46"/>
    <xsl:variable name="bottom" select="$g-top + count($rows) * $g-row"/>
    <svg xmlns="http://www.w3.org/2000/svg" class="gantt" viewBox="0 0 960 {$h}" width="960" height="{$h}" role="img">
      <title><xsl:call-template name="w"><xsl:with-param name="id" select="'gantt'"/></xsl:call-template></title>
      <defs>
        <pattern id="hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="#dbe7f3"/>
          <line x1="0" y1="0" x2="0" y2="6" stroke="#1f5f9e" stroke-width="2.2"/>
        </pattern>
      </defs>
      <!-- group bands -->
      <xsl:for-each select="$rows">
        <xsl:if test="@kind = 'group'">
          <rect x="0" y="{$g-top + (position() - 1) * $g-row}" width="960" height="{$g-row}" fill="#eef1f5"/>
        </xsl:if>
      </xsl:for-each>
      <!-- year grid -->
      <xsl:call-template name="gantt-years">
        <xsl:with-param name="y" select="$y0"/>
        <xsl:with-param name="y0" select="$y0"/>
        <xsl:with-param name="y1" select="$y1 + 1"/>
        <xsl:with-param name="ppy" select="$ppy"/>
        <xsl:with-param name="bottom" select="$bottom"/>
        <xsl:with-param name="every" select="1 + floor(($span - 1) div 16)"/>
      </xsl:call-template>
      <!-- rows -->
      <xsl:for-each select="$rows">
        <xsl:variable name="y" select="$g-top + (position() - 1) * $g-row"/>
        <xsl:choose>
          <xsl:when test="@kind = 'group'">
            <text x="{4 + 10 * @depth}" y="{$y + 13}" class="g-group">
              <xsl:value-of select="@n"/>
              <xsl:text>. </xsl:text>
              <xsl:call-template name="clip"><xsl:with-param name="s" select="@title"/><xsl:with-param name="n" select="84"/></xsl:call-template>
            </text>
          </xsl:when>
          <xsl:otherwise>
            <text x="4" y="{$y + 13}" class="g-label">
              <title><xsl:value-of select="@n"/>. <xsl:value-of select="@text"/> (<xsl:value-of select="@tl"/>)</title>
              <tspan class="g-n"><xsl:value-of select="@n"/></tspan>
              <xsl:text> </xsl:text>
              <xsl:call-template name="clip"><xsl:with-param name="s" select="@text"/><xsl:with-param name="n" select="54"/></xsl:call-template>
            </text>
            <xsl:call-template name="gantt-bar">
              <xsl:with-param name="y" select="$y"/>
              <xsl:with-param name="y0" select="$y0"/>
              <xsl:with-param name="yend" select="$y1 + 1"/>
              <xsl:with-param name="ppy" select="$ppy"/>
            </xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
      <!-- markers: parent's date, issue date, horizons -->
      <xsl:for-each select="/p:program/p:implements[string-length(@date) = 10]">
        <xsl:variable name="v"><xsl:call-template name="year-of"><xsl:with-param name="iso" select="@date"/></xsl:call-template></xsl:variable>
        <xsl:if test="$v &gt;= $y0">
          <xsl:variable name="x" select="$g-x0 + ($v - $y0) * $ppy"/>
          <line x1="{$x}" y1="{$g-top - 6}" x2="{$x}" y2="{$bottom}" class="m-parent"/>
          <text x="{$x - 2}" y="{$bottom + 12}" class="m-label m-parent-l" text-anchor="end"><xsl:value-of select="@ref"/></text>
        </xsl:if>
      </xsl:for-each>
      <xsl:if test="string($issued) != ''">
        <xsl:variable name="x" select="$g-x0 + ($issued - $y0) * $ppy"/>
        <line x1="{$x}" y1="{$g-top - 6}" x2="{$x}" y2="{$bottom}" class="m-issued"/>
        <text x="{$x + 2}" y="{$bottom + 12}" class="m-label m-issued-l">
          <xsl:call-template name="date-short"><xsl:with-param name="iso" select="$issued-iso"/></xsl:call-template>
        </text>
      </xsl:if>
      <xsl:for-each select="/p:program/p:section/descendant::p:objective[@horizon][generate-id() = generate-id(key('horizon', @horizon)[1])]">
        <xsl:variable name="x" select="$g-x0 + (@horizon + 1 - $y0) * $ppy"/>
        <line x1="{$x}" y1="{$g-top - 6}" x2="{$x}" y2="{$bottom}" class="m-horizon"/>
        <text x="{$x - 2}" y="{$bottom + 24}" class="m-label m-horizon-l" text-anchor="end">
          <xsl:choose>
            <xsl:when test="key('horizon', @horizon)[@vision = 'true']"><xsl:call-template name="w"><xsl:with-param name="id" select="'vision'"/></xsl:call-template></xsl:when>
            <xsl:otherwise><xsl:call-template name="w"><xsl:with-param name="id" select="'horizon'"/></xsl:call-template></xsl:otherwise>
          </xsl:choose>
          <xsl:text> </xsl:text>
          <xsl:value-of select="@horizon"/>
        </text>
      </xsl:for-each>
      <!-- legend -->
      <g class="legend" transform="translate(4 {$bottom + 34})">
        <rect x="0" y="-8" width="18" height="8" class="bar-range"/>
        <text x="22" y="0"><xsl:call-template name="w"><xsl:with-param name="id" select="'range'"/></xsl:call-template></text>
        <rect x="110" y="-8" width="18" height="8" fill="url(#hatch)" class="bar-annual"/>
        <text x="132" y="0"><xsl:call-template name="w"><xsl:with-param name="id" select="'annual'"/></xsl:call-template></text>
        <rect x="210" y="-8" width="18" height="8" class="bar-cont"/>
        <text x="232" y="0"><xsl:call-template name="w"><xsl:with-param name="id" select="'continuous'"/></xsl:call-template></text>
        <path d="M 384 -4 l 4 -4 l 4 4 l -4 4 z" class="deadline"/>
        <text x="396" y="0"><xsl:call-template name="w"><xsl:with-param name="id" select="'deadline'"/></xsl:call-template></text>
        <line x1="500" y1="-9" x2="500" y2="1" class="m-issued"/>
        <text x="505" y="0"><xsl:call-template name="w"><xsl:with-param name="id" select="'issued'"/></xsl:call-template></text>
        <line x1="610" y1="-9" x2="610" y2="1" class="m-horizon"/>
        <text x="615" y="0"><xsl:call-template name="w"><xsl:with-param name="id" select="'horizon'"/></xsl:call-template></text>
        <line x1="680" y1="-9" x2="680" y2="1" class="m-parent"/>
        <text x="685" y="0"><xsl:call-template name="w"><xsl:with-param name="id" select="'parent'"/></xsl:call-template></text>
      </g>
    </svg>
  </xsl:template>

  <xsl:template name="gantt-years" xmlns="http://www.w3.org/2000/svg">
    <xsl:param name="y"/><xsl:param name="y0"/><xsl:param name="y1"/>
    <xsl:param name="ppy"/><xsl:param name="bottom"/><xsl:param name="every"/>
    <xsl:variable name="x" select="$g-x0 + ($y - $y0) * $ppy"/>
    <line x1="{$x}" y1="{$g-top - 4}" x2="{$x}" y2="{$bottom}" class="grid"/>
    <xsl:if test="$y &lt; $y1 and ($y - $y0) mod $every = 0">
      <text x="{$x + $ppy * $every div 2}" y="{$g-top - 10}" class="year" text-anchor="middle"><xsl:value-of select="$y"/></text>
    </xsl:if>
    <xsl:if test="$y &lt; $y1">
      <xsl:call-template name="gantt-years">
        <xsl:with-param name="y" select="$y + 1"/><xsl:with-param name="y0" select="$y0"/><xsl:with-param name="y1" select="$y1"/>
        <xsl:with-param name="ppy" select="$ppy"/><xsl:with-param name="bottom" select="$bottom"/><xsl:with-param name="every" select="$every"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- One task's bar. Context: a model row. -->
  <xsl:template name="gantt-bar" xmlns="http://www.w3.org/2000/svg">
    <xsl:param name="y"/><xsl:param name="y0"/><xsl:param name="yend"/><xsl:param name="ppy"/>
    <!-- start: its own, else the issue date; end: its own (end of that day), else the chart's end -->
    <xsl:variable name="s">
      <xsl:choose>
        <xsl:when test="@s != ''"><xsl:value-of select="@s"/></xsl:when>
        <xsl:when test="string($issued) != ''"><xsl:value-of select="$issued"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$y0"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="e">
      <xsl:choose>
        <xsl:when test="@e != ''"><xsl:value-of select="@e + 1 div 365.25"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$yend"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="xs" select="$g-x0 + ($s - $y0) * $ppy"/>
    <xsl:variable name="xe" select="$g-x0 + ($e - $y0) * $ppy"/>
    <xsl:variable name="w">
      <xsl:choose><xsl:when test="$xe - $xs &lt; 2">2</xsl:when><xsl:otherwise><xsl:value-of select="$xe - $xs"/></xsl:otherwise></xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="@rec = 'annual' or @rec = 'quarterly' or @rec = 'monthly'">
        <rect x="{$xs}" y="{$y + 4}" width="{$w}" height="10" fill="url(#hatch)" class="bar-annual"/>
      </xsl:when>
      <xsl:when test="@rec = 'continuous' or (@s != '' and @e = '')">
        <!-- continuous, or open-ended ("Từ Quý III/2023"): dashed, to the chart's end -->
        <rect x="{$xs}" y="{$y + 4}" width="{$w}" height="10" class="bar-cont"/>
      </xsl:when>
      <xsl:when test="@s != '' or @e != ''">
        <rect x="{$xs}" y="{$y + 4}" width="{$w}" height="10" class="bar-range"/>
        <xsl:if test="@s = ''">
          <path d="M {$xe} {$y + 3} l 6 6 l -6 6 l -6 -6 z" class="deadline"/>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <text x="{$g-x0 + 4}" y="{$y + 13}" class="undated">
          <xsl:call-template name="w"><xsl:with-param name="id" select="'undated'"/></xsl:call-template>
          <xsl:if test="@tl != ''">: <xsl:value-of select="@tl"/></xsl:if>
        </text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- s cut to n characters, with an ellipsis when cut -->
  <xsl:template name="clip">
    <xsl:param name="s"/><xsl:param name="n"/>
    <xsl:choose>
      <xsl:when test="string-length($s) &gt; $n"><xsl:value-of select="substring($s, 1, $n - 1)"/>…</xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- (b) responsibility matrix: agencies (Muenchian grouping on the model) x tasks -->
  <xsl:template name="matrix">
    <xsl:variable name="agencies" select="$model/m[generate-id() = generate-id(key('m-agency', @k)[1])]"/>
    <figure class="chart" id="fig-matrix">
      <figcaption><xsl:call-template name="w"><xsl:with-param name="id" select="'matrix'"/></xsl:call-template></figcaption>
      <xsl:choose>
        <xsl:when test="not($agencies)">
          <p class="empty"><xsl:call-template name="w"><xsl:with-param name="id" select="'notasks'"/></xsl:call-template></p>
        </xsl:when>
        <xsl:otherwise>
          <xsl:variable name="nt" select="count($trows)"/>
          <xsl:variable name="cw" select="22"/>
          <xsl:variable name="lw" select="340"/>
          <xsl:variable name="rh" select="22"/>
          <xsl:variable name="top" select="30"/>
          <xsl:variable name="wd" select="$lw + $nt * $cw + 90"/>
          <xsl:variable name="ht" select="$top + count($agencies) * $rh + 10"/>
          <div class="scroll">
            <svg xmlns="http://www.w3.org/2000/svg" class="matrix" viewBox="0 0 {$wd} {$ht}" width="{$wd}" height="{$ht}" role="img">
              <title><xsl:call-template name="w"><xsl:with-param name="id" select="'matrix'"/></xsl:call-template></title>
              <!-- task numbers across the top -->
              <xsl:for-each select="$trows">
                <text x="{$lw + (position() - 0.5) * $cw}" y="{$top - 10}" class="mx-head" text-anchor="middle"><xsl:value-of select="@n"/></text>
              </xsl:for-each>
              <text x="{$lw + $nt * $cw + 10}" y="{$top - 10}" class="mx-head">●/○</text>
              <xsl:for-each select="$agencies">
                <xsl:sort select="count(key('m-agency', @k)[@role = 'lead'])" data-type="number" order="descending"/>
                <xsl:sort select="count(key('m-agency', @k))" data-type="number" order="descending"/>
                <xsl:sort select="@name"/>
                <xsl:variable name="k" select="@k"/>
                <xsl:variable name="y" select="$top + (position() - 1) * $rh"/>
                <xsl:variable name="mine" select="key('m-agency', $k)"/>
                <xsl:if test="position() mod 2 = 1">
                  <rect x="0" y="{$y}" width="{$wd}" height="{$rh}" class="mx-band"/>
                </xsl:if>
                <text x="4" y="{$y + 15}" class="mx-label">
                  <title><xsl:value-of select="@name"/></title>
                  <xsl:call-template name="clip"><xsl:with-param name="s" select="@name"/><xsl:with-param name="n" select="62"/></xsl:call-template>
                </text>
                <xsl:for-each select="$trows">
                  <xsl:variable name="cell" select="key('m-cell', concat(@id, '|', $k))"/>
                  <xsl:variable name="cx" select="$lw + (position() - 0.5) * $cw"/>
                  <xsl:choose>
                    <xsl:when test="$cell[@role = 'lead']">
                      <circle cx="{$cx}" cy="{$y + $rh div 2}" r="6" class="mx-lead"><title><xsl:value-of select="@n"/>: <xsl:call-template name="w"><xsl:with-param name="id" select="'lead'"/></xsl:call-template></title></circle>
                    </xsl:when>
                    <xsl:when test="$cell">
                      <circle cx="{$cx}" cy="{$y + $rh div 2}" r="5.5" class="mx-partner"><title><xsl:value-of select="@n"/>: <xsl:call-template name="w"><xsl:with-param name="id" select="'partner'"/></xsl:call-template></title></circle>
                    </xsl:when>
                  </xsl:choose>
                </xsl:for-each>
                <text x="{$lw + $nt * $cw + 10}" y="{$y + 15}" class="mx-count">
                  <xsl:value-of select="count($mine[@role = 'lead'])"/>/<xsl:value-of select="count($mine[@role = 'partner'])"/>
                </text>
              </xsl:for-each>
            </svg>
          </div>
        </xsl:otherwise>
      </xsl:choose>
    </figure>
  </xsl:template>

  <!-- (c) coverage: the parent's missions (rows) by the program's missions (columns) -->
  <xsl:template name="coverage">
    <xsl:variable name="parents" select="$model/cov[generate-id() = generate-id(key('cov-parent', @parent)[1])]"/>
    <xsl:variable name="ms" select="/p:program/p:section/p:mission"/>
    <xsl:variable name="lw" select="200"/>
    <xsl:variable name="cw" select="44"/>
    <xsl:variable name="rh" select="26"/>
    <xsl:variable name="top" select="34"/>
    <xsl:variable name="bx" select="$lw + count($ms) * $cw + 20"/>
    <xsl:variable name="wd" select="$bx + 260"/>
    <xsl:variable name="ht" select="$top + count($parents) * $rh + 40"/>
    <figure class="chart" id="fig-coverage">
      <figcaption><xsl:call-template name="w"><xsl:with-param name="id" select="'coverage'"/></xsl:call-template></figcaption>
      <svg xmlns="http://www.w3.org/2000/svg" class="coverage" viewBox="0 0 {$wd} {$ht}" width="{$wd}" height="{$ht}" role="img">
        <title><xsl:call-template name="w"><xsl:with-param name="id" select="'coverage'"/></xsl:call-template></title>
        <text x="{$lw + count($ms) * $cw div 2}" y="12" class="mx-head" text-anchor="middle"><xsl:call-template name="w"><xsl:with-param name="id" select="'program-missions'"/></xsl:call-template></text>
        <xsl:for-each select="$ms">
          <text x="{$lw + (position() - 0.5) * $cw}" y="{$top - 6}" class="mx-head" text-anchor="middle"><title><xsl:value-of select="normalize-space(p:title)"/></title><xsl:value-of select="@n"/></text>
        </xsl:for-each>
        <text x="{$bx}" y="{$top - 6}" class="mx-head"><xsl:call-template name="w"><xsl:with-param name="id" select="'tasks'"/></xsl:call-template></text>
        <xsl:for-each select="$parents">
          <xsl:sort select="substring-before(@parent, '#')"/>
          <xsl:sort select="substring-after(@parent, '#')" data-type="number"/>
          <xsl:variable name="pk" select="@parent"/>
          <xsl:variable name="mine" select="key('cov-parent', $pk)"/>
          <xsl:variable name="y" select="$top + (position() - 1) * $rh"/>
          <xsl:variable name="ntasks" select="sum($mine/@tasks)"/>
          <xsl:if test="position() mod 2 = 1"><rect x="0" y="{$y}" width="{$wd}" height="{$rh}" class="mx-band"/></xsl:if>
          <text x="4" y="{$y + 17}" class="mx-label">
            <xsl:value-of select="substring-before($pk, '#')"/>
            <xsl:text> · </xsl:text>
            <xsl:call-template name="w"><xsl:with-param name="id" select="'mission'"/></xsl:call-template>
            <xsl:text> </xsl:text>
            <xsl:value-of select="substring-after($pk, '#')"/>
          </text>
          <xsl:for-each select="$ms">
            <xsl:if test="$mine[@m = current()/@n]">
              <rect x="{$lw + (position() - 1) * $cw + 6}" y="{$y + 4}" width="{$cw - 12}" height="{$rh - 8}" rx="3" class="cov-cell"/>
            </xsl:if>
          </xsl:for-each>
          <rect x="{$bx}" y="{$y + 6}" width="{$ntasks * 12}" height="{$rh - 12}" class="cov-bar"/>
          <text x="{$bx + $ntasks * 12 + 4}" y="{$y + 17}" class="mx-count"><xsl:value-of select="$ntasks"/></text>
        </xsl:for-each>
        <!-- program missions that cover nothing -->
        <xsl:for-each select="$ms[not(@covers) or normalize-space(@covers) = '']">
          <text x="4" y="{$ht - 12}" class="uncovered">
            <xsl:call-template name="w"><xsl:with-param name="id" select="'mission'"/></xsl:call-template>
            <xsl:text> </xsl:text>
            <xsl:value-of select="@n"/>
            <xsl:text>: </xsl:text>
            <xsl:call-template name="w"><xsl:with-param name="id" select="'uncovered'"/></xsl:call-template>
          </text>
        </xsl:for-each>
      </svg>
    </figure>
  </xsl:template>

  <!-- ===== style ===== -->
  <xsl:template name="css">
:root { --ink: #000; --paper: #fff; --desk: #e9e9e6; --err: #b3261e; --warn: #8a5a00; --note: #35607f; }
html { background: var(--desk); }
body { margin: 0; color: var(--ink); font-family: "Times New Roman", "Liberation Serif", Times, serif; font-size: 14pt; line-height: 1.3; }
.toolbar { position: sticky; top: 0; z-index: 2; background: #263238; color: #eceff1; font: 11pt/1.6 system-ui, sans-serif; padding: 4px 12px; }
.toolbar a { color: #fff; }
main { padding: 16px 0 40px; }
.sheet { background: var(--paper); box-shadow: 0 1px 4px rgba(0,0,0,.25); margin: 0 auto 18px; box-sizing: border-box; }
.doc { width: 210mm; min-height: 297mm; padding: <xsl:value-of select="concat($margin-top, ' ', $margin-right, ' ', $margin-bottom, ' ', $margin-left)"/>; }
.appendix, .figures, .unplaced { width: 297mm; padding: 20mm 15mm 20mm 20mm; }
.unplaced { margin-top: 16px; font-size: 12pt; padding: 6mm 15mm; }
.unplaced h2 { text-indent: 0; }
p { margin: 0; }
.masthead { display: grid; grid-template-columns: 42% 58%; text-align: center; line-height: 1.25; }
.party .masthead .superior { font-size: 14pt; text-transform: uppercase; }
.party .masthead .issuer { font-size: 14pt; font-weight: bold; text-transform: uppercase; }
.party .masthead .star { font-size: 14pt; }
.party .masthead .national { font-size: 15pt; font-weight: bold; }
.state .masthead .superior { font-size: 13pt; text-transform: uppercase; }
.state .masthead .issuer { font-size: 13pt; font-weight: bold; text-transform: uppercase; }
.state .masthead .issuer::after { content: ""; display: block; width: 35%; margin: 2pt auto 0; border-top: 0.75pt solid; }
.state .masthead .national { font-size: 13pt; font-weight: bold; }
.state .masthead .motto { font-size: 14pt; font-weight: bold; }
.underlined { display: inline-block; border-bottom: 0.75pt solid; padding-bottom: 1pt; }
.masthead .symbol { font-size: 14pt; margin-top: 4pt; }
.state .masthead .symbol { font-size: 13pt; }
.masthead .place-date { font-style: italic; font-size: 14pt; margin-top: 8pt; }
.doc-title { text-align: center; margin: 22pt 0 12pt; }
h1.kind { font-size: 16pt; font-weight: bold; margin: 0; text-transform: uppercase; }
.summary { font-weight: bold; font-size: 14pt; margin: 2pt 8% 0; }
.title-rule { margin-top: 2pt; }
h2, h3, h4 { font-size: 14pt; margin: 6pt 0; text-align: justify; text-indent: 1cm; }
h2 { font-weight: bold; }
h3 { font-weight: bold; }
h4 { font-weight: bold; font-style: italic; }
.p { text-align: justify; text-indent: 1cm; margin: 6pt 0; hyphens: manual; }
.closing { display: grid; grid-template-columns: 50% 50%; margin-top: 18pt; break-inside: avoid; }
.rcp-head { font-weight: bold; font-style: italic; font-size: 12pt; }
.recipients ul { list-style: none; margin: 0; padding: 0; font-size: 11pt; line-height: 1.2; }
.signature { text-align: center; font-weight: bold; }
.sig-role, .sig-title { text-transform: uppercase; font-size: 14pt; }
.sig-space { height: 26mm; }
.sig-name { font-size: 14pt; }
.app-title { text-align: center; text-indent: 0; font-size: 14pt; margin: 0; }
.app-subtitle { text-align: center; font-weight: bold; margin: 2pt 6% 0; }
.app-attached { text-align: center; font-style: italic; margin-bottom: 10pt; }
table.tasks { width: 100%; border-collapse: collapse; font-size: 12pt; line-height: 1.25; }
table.tasks th, table.tasks td { border: 0.75pt solid #000; padding: 3pt 4pt; vertical-align: top; text-align: left; }
table.tasks thead th { text-align: center; vertical-align: middle; font-weight: bold; }
table.tasks thead { display: table-header-group; }
td.col-number, th.col-number { text-align: center; }
col.col-number { width: 5%; }
col.col-task { width: 38%; }
col.col-lead { width: 16%; }
col.col-partner { width: 27%; }
col.col-timeline { width: 14%; }
table.tasks td.col-task { text-align: justify; }
tr.group-row th { text-align: center; }
tr.group-row th, tr.group-row td { font-weight: bold; background: #f3f3f3; }
tr.task-row { break-inside: avoid; }
a.plain { color: inherit; text-decoration: none; }
:target { outline: 2px solid #f2b705; outline-offset: 2px; }
.notes { font: 10.5pt/1.35 system-ui, sans-serif; margin: 4pt 0; }
.diag { border-left: 4px solid var(--note); background: #eef4f8; padding: 2pt 6pt; margin: 2pt 0; text-indent: 0; text-align: left; }
.diag.sev-error { border-color: var(--err); background: #fbeceb; }
.diag.sev-warning { border-color: var(--warn); background: #fdf5e4; }
.diag .sev { font-weight: bold; text-transform: uppercase; font-size: 9pt; }
.sev-error .sev, .toolbar .sev-error { color: var(--err); }
.sev-warning .sev { color: var(--warn); }
.toolbar .sev-warning { color: #ffcc66; }
.toolbar .sev-error { color: #ff8a80; font-weight: bold; }
.diag .loc { color: #555; }
.diag .rule { font-size: 9pt; color: #555; }
tr.note-row td { border-top: none; background: #fff; padding: 2pt 4pt 4pt; }
@media screen and (min-width: 1320px) {
  .doc { position: relative; }
  .doc .notes { float: right; clear: right; width: 70mm; margin-right: -91mm; margin-top: 0; }
}
.figures h2 { text-indent: 0; }
figure.chart { margin: 10pt 0 18pt; break-inside: avoid; }
figcaption { font-weight: bold; margin-bottom: 6pt; }
.scroll { overflow-x: auto; }
svg { font-family: "Times New Roman", "Liberation Serif", Times, serif; max-width: 100%; height: auto; }
svg .g-label, svg .mx-label { font-size: 11px; }
svg .g-n { font-weight: bold; }
svg .g-group { font-size: 11.5px; font-weight: bold; }
svg .year { font-size: 11px; fill: #333; }
svg .grid { stroke: #c8ccd2; stroke-width: 0.6; }
svg .bar-range { fill: #1f5f9e; }
svg .bar-annual { stroke: #1f5f9e; stroke-width: 0.8; }
svg .bar-cont { fill: #e3edf7; stroke: #1f5f9e; stroke-width: 1.2; stroke-dasharray: 4 2; }
svg .deadline { fill: #c0392b; }
svg .undated { font-size: 10.5px; font-style: italic; fill: #8a5a00; }
svg .m-issued { stroke: #c0392b; stroke-width: 1.6; }
svg .m-horizon { stroke: #2e7d32; stroke-width: 1.4; stroke-dasharray: 6 3; }
svg .m-parent { stroke: #777; stroke-width: 1.2; stroke-dasharray: 2 2; }
svg .m-label { font-size: 10.5px; }
svg .m-issued-l { fill: #c0392b; }
svg .m-horizon-l { fill: #2e7d32; }
svg .m-parent-l { fill: #555; }
svg .legend text { font-size: 10.5px; }
svg .mx-head { font-size: 10.5px; font-weight: bold; }
svg .mx-band { fill: #f1f3f6; }
svg .mx-lead { fill: #1f5f9e; }
svg .mx-partner { fill: #fff; stroke: #1f5f9e; stroke-width: 1.6; }
svg .mx-count { font-size: 10.5px; fill: #333; }
svg .cov-cell { fill: #2e7d32; }
svg .cov-bar { fill: #8fbc8f; }
svg .uncovered { font-size: 11px; fill: #b3261e; font-style: italic; }
.empty { font-style: italic; }
@page { size: A4; margin: <xsl:value-of select="concat($margin-top, ' ', $margin-right, ' ', $margin-bottom, ' ', $margin-left)"/>;
  @top-center { content: counter(page); font-family: "Times New Roman", "Liberation Serif", serif; font-size: 13pt; vertical-align: middle; } }
@page :first { @top-center { content: none; } }
@page wide { size: A4 landscape; margin: 20mm 15mm 20mm 20mm; }
@media print {
  html, body { background: #fff; }
  .toolbar { display: none; }
  main { padding: 0; }
  .sheet { box-shadow: none; margin: 0; padding: 0; width: auto; min-height: 0; }
  .appendix, .figures { page: wide; break-before: page; }
  .unplaced { break-after: page; }
  .notes { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
</xsl:template>
</xsl:stylesheet>
