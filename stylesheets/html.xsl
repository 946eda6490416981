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
  <xsl:include href="charts.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>
  <xsl:strip-space elements="p:program p:meta p:preamble p:section p:subsection p:objective p:mission
                             p:signature p:recipients p:appendix p:columns p:group p:task"/>

  <xsl:param name="lang" select="'vi'"/>
  <xsl:param name="annotate" select="false()"/>
  <!-- the PDF of the same document, when render.c knows one is published beside the page -->
  <xsl:param name="pdf-href" select="''"/>

  <!-- ===== keys ===== -->
  <xsl:key name="diag" match="d:diag" use="@line"/>
  <!-- any source line some rendered element holds (the root's own position excepted) -->
  <xsl:key name="held-line" match="*/*/@src:line" use="."/>
  <!-- the same, outside meta: a header fact read from the appendix is annotated there only -->
  <xsl:key name="body-line" match="*/*/@src:line[not(ancestor::p:meta)]" use="."/>

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
    <nav class="toolbar" lang="{$lang}">
      <details class="toc">
        <summary><xsl:call-template name="w"><xsl:with-param name="id" select="'contents'"/></xsl:call-template></summary>
        <ol>
          <li><a href="#doc"><xsl:call-template name="w"><xsl:with-param name="id" select="'document'"/></xsl:call-template></a>
            <ol>
              <xsl:for-each select="p:section">
                <li><a><xsl:attribute name="href">#<xsl:apply-templates select="." mode="anchor"/></xsl:attribute><xsl:call-template name="numbered-title"/></a></li>
              </xsl:for-each>
              <xsl:if test="p:signature | p:recipients">
                <li><a href="#closing"><xsl:call-template name="w"><xsl:with-param name="id" select="'signature'"/></xsl:call-template></a></li>
              </xsl:if>
            </ol>
          </li>
          <xsl:for-each select="p:appendix">
            <li><a><xsl:attribute name="href">#<xsl:apply-templates select="." mode="anchor"/></xsl:attribute><xsl:call-template name="w"><xsl:with-param name="id" select="'appendix'"/></xsl:call-template></a></li>
          </xsl:for-each>
          <li><a href="#figures"><xsl:call-template name="w"><xsl:with-param name="id" select="'figures'"/></xsl:call-template></a></li>
        </ol>
      </details>
      <a href="#doc"><xsl:call-template name="w"><xsl:with-param name="id" select="'document'"/></xsl:call-template></a>
      <xsl:for-each select="p:appendix">
        <xsl:text> · </xsl:text>
        <a><xsl:attribute name="href">#<xsl:apply-templates select="." mode="anchor"/></xsl:attribute><xsl:call-template name="w"><xsl:with-param name="id" select="'appendix'"/></xsl:call-template></a>
      </xsl:for-each>
      <xsl:text> · </xsl:text>
      <a href="#figures"><xsl:call-template name="w"><xsl:with-param name="id" select="'figures'"/></xsl:call-template></a>
      <xsl:if test="string($pdf-href)">
        <xsl:text> · </xsl:text>
        <a href="{$pdf-href}" type="application/pdf"><xsl:call-template name="w"><xsl:with-param name="id" select="'pdf'"/></xsl:call-template></a>
      </xsl:if>
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
          <div class="closing" id="closing">
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
  <!-- What the source's header lacks is left blank on the published page and marked, in review
       mode (annotate), where it would stand. -->
  <xsl:template name="missing">
    <xsl:param name="what"/>
    <xsl:if test="$show-diags">
      <p class="missing">
        <xsl:text>[</xsl:text>
        <xsl:call-template name="w"><xsl:with-param name="id" select="'missing'"/></xsl:call-template>
        <xsl:text>: </xsl:text>
        <xsl:call-template name="w"><xsl:with-param name="id" select="$what"/></xsl:call-template>
        <xsl:text>]</xsl:text>
      </p>
    </xsl:if>
  </xsl:template>

  <xsl:template name="from-appendix">
    <xsl:if test="$show-diags and /p:program/p:meta/@source = 'appendix'">
      <span class="derived"> (<xsl:call-template name="w"><xsl:with-param name="id" select="'from-appendix'"/></xsl:call-template>)</span>
    </xsl:if>
  </xsl:template>

  <xsl:template name="masthead">
    <xsl:variable name="m" select="p:meta"/>
    <header class="masthead">
      <div class="mh-left">
        <xsl:if test="$m/p:superior"><p class="superior"><xsl:value-of select="normalize-space($m/p:superior)"/></p></xsl:if>
        <xsl:choose>
          <xsl:when test="$m/p:issuer">
            <xsl:variable name="lines-rtf">
              <xsl:call-template name="issuer-lines"><xsl:with-param name="s" select="normalize-space($m/p:issuer)"/><xsl:with-param name="lines" select="$m/p:issuer/@lines"/></xsl:call-template>
            </xsl:variable>
            <p class="issuer">
              <xsl:for-each select="exsl:node-set($lines-rtf)/l">
                <xsl:if test="position() &gt; 1"><br/></xsl:if>
                <xsl:value-of select="."/>
              </xsl:for-each>
            </p>
          </xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="missing"><xsl:with-param name="what" select="'m-issuer'"/></xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:if test="$form = 'party' and ($m/p:superior or $m/p:issuer)"><p class="star">*</p></xsl:if>
        <xsl:choose>
          <xsl:when test="$m/p:symbol">
            <p class="symbol"><span class="nowrap"><xsl:call-template name="symbol-line"/></span><xsl:call-template name="from-appendix"/></p>
          </xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="missing"><xsl:with-param name="what" select="'m-symbol'"/></xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
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
        <xsl:if test="$m/p:date or $m/p:place">
          <p class="place-date"><xsl:call-template name="place-date-as-written"/><xsl:call-template name="from-appendix"/></p>
        </xsl:if>
        <xsl:if test="not($m/p:place)">
          <xsl:call-template name="missing"><xsl:with-param name="what" select="'m-place'"/></xsl:call-template>
        </xsl:if>
        <xsl:if test="not($m/p:date)">
          <xsl:call-template name="missing"><xsl:with-param name="what" select="'m-date'"/></xsl:call-template>
        </xsl:if>
      </div>
    </header>
    <xsl:call-template name="notes">
      <xsl:with-param name="lines" select="$m/descendant-or-self::*/@src:line[not(key('body-line', .))]"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="heading-block">
    <div class="doc-title">
      <xsl:if test="p:meta/p:kind"><h1 class="kind"><xsl:value-of select="normalize-space(p:meta/p:kind)"/></h1></xsl:if>
      <xsl:if test="p:meta/p:title"><p class="summary"><xsl:for-each select="p:meta/p:title"><xsl:call-template name="block-text"/></xsl:for-each></p></xsl:if>
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
    <xsl:variable name="part"><xsl:call-template name="decision-part"/></xsl:variable>
    <p class="p">
      <xsl:if test="string($part)"><xsl:attribute name="class">p <xsl:value-of select="$part"/></xsl:attribute></xsl:if>
      <xsl:attribute name="id"><xsl:apply-templates select="." mode="anchor"/></xsl:attribute>
      <xsl:variable name="num"><xsl:call-template name="lead-number"/></xsl:variable>
      <xsl:if test="string($num)"><span class="num"><xsl:value-of select="$num"/></span><xsl:text> </xsl:text></xsl:if>
      <xsl:choose>
        <xsl:when test="$part = 'article'">
          <xsl:variable name="label"><xsl:call-template name="article-label"/></xsl:variable>
          <strong class="article-label"><xsl:value-of select="$label"/></strong>
          <xsl:text> </xsl:text>
          <xsl:call-template name="block-text">
            <xsl:with-param name="s" select="normalize-space(substring-after(normalize-space(.), $label))"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise><xsl:call-template name="block-text"/></xsl:otherwise>
      </xsl:choose>
    </p>
  </xsl:template>

  <xsl:template name="parent-link">
    <xsl:param name="href"/>
    <xsl:param name="text"/>
    <xsl:param name="symbol"/>
    <a class="parent" href="{$href}"><xsl:call-template name="symbol-text"><xsl:with-param name="s" select="$text"/><xsl:with-param name="symbol" select="$symbol"/></xsl:call-template></a>
  </xsl:template>
  <xsl:template name="nowrap">
    <xsl:param name="s"/>
    <span class="nowrap"><xsl:value-of select="$s"/></span>
  </xsl:template>

  <xsl:template match="p:item">
    <xsl:call-template name="notes"><xsl:with-param name="lines" select="@src:line"/></xsl:call-template>
    <p class="p item">
      <xsl:attribute name="id"><xsl:apply-templates select="." mode="anchor"/></xsl:attribute>
      <xsl:variable name="num"><xsl:call-template name="lead-number"/></xsl:variable>
      <xsl:if test="string($num)"><span class="num"><xsl:value-of select="$num"/></span><xsl:text> </xsl:text></xsl:if>
      <xsl:variable name="mark"><xsl:call-template name="item-mark"/></xsl:variable>
      <xsl:if test="string($mark)"><span class="mark"><xsl:value-of select="$mark"/></span><xsl:text> </xsl:text></xsl:if>
      <xsl:call-template name="block-text"/>
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
            <xsl:call-template name="recipient-line"/>
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
        <div class="table-box" role="region" tabindex="0">
        <xsl:attribute name="aria-label"><xsl:value-of select="normalize-space(p:title)"/></xsl:attribute>
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
        </div>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template match="p:group" mode="row">
    <xsl:param name="cols"/>
    <tr class="group-row">
      <xsl:attribute name="id"><xsl:apply-templates select="." mode="anchor"/></xsl:attribute>
      <th scope="rowgroup" class="col-number"><xsl:value-of select="@n"/></th>
      <td colspan="{count($cols) - 1}">
        <xsl:variable name="to"><xsl:call-template name="group-mission-anchor"/></xsl:variable>
        <xsl:choose>
          <xsl:when test="string($to)">
            <a class="plain" href="#{$to}"><xsl:value-of select="normalize-space(p:title)"/></a>
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

  <!-- ===== pictures (charts.xsl draws them) ===== -->
  <xsl:variable name="svg-style" select="false()"/>

  <xsl:template name="figures">
    <section class="sheet figures" id="figures" lang="{$lang}">
      <h2><xsl:call-template name="w"><xsl:with-param name="id" select="'figures'"/></xsl:call-template></h2>
      <figure class="chart" id="fig-gantt">
        <figcaption><xsl:call-template name="w"><xsl:with-param name="id" select="'gantt'"/></xsl:call-template></figcaption>
        <xsl:choose>
          <xsl:when test="$trows"><xsl:call-template name="gantt-svg"/></xsl:when>
          <xsl:otherwise><p class="empty"><xsl:call-template name="w"><xsl:with-param name="id" select="'notasks'"/></xsl:call-template></p></xsl:otherwise>
        </xsl:choose>
      </figure>
      <figure class="chart" id="fig-matrix">
        <figcaption><xsl:call-template name="w"><xsl:with-param name="id" select="'matrix'"/></xsl:call-template></figcaption>
        <xsl:choose>
          <xsl:when test="$agencies"><div class="scroll"><xsl:call-template name="matrix-svg"/></div></xsl:when>
          <xsl:otherwise><p class="empty"><xsl:call-template name="w"><xsl:with-param name="id" select="'notasks'"/></xsl:call-template></p></xsl:otherwise>
        </xsl:choose>
      </figure>
      <xsl:if test="$model/cov">
        <figure class="chart" id="fig-coverage">
          <figcaption><xsl:call-template name="w"><xsl:with-param name="id" select="'coverage'"/></xsl:call-template></figcaption>
          <xsl:call-template name="coverage-svg"/>
        </figure>
      </xsl:if>
    </section>
  </xsl:template>

  <!-- ===== style ===== -->
  <xsl:template name="css">
:root { --ink: #000; --paper: #fff; --desk: #e9e9e6; --err: #b3261e; --warn: #8a5a00; --note: #35607f; }
html { background: var(--desk); }
body { margin: 0; color: var(--ink); font-family: "Times New Roman", "Liberation Serif", Times, serif; font-size: 14pt; line-height: 1.3; }
.toolbar { position: sticky; top: 0; z-index: 2; background: #263238; color: #eceff1; font: 11pt/1.6 system-ui, sans-serif; padding: 4px 12px; }
.toolbar a { color: #fff; }
.toc { display: inline-block; margin-right: 10px; }
.toc summary { cursor: pointer; }
.toc[open] > ol { position: absolute; left: 8px; right: 8px; max-width: 640px; max-height: 70vh; overflow: auto; background: #263238; padding: 6px 12px 8px 28px; margin: 2px 0 0; box-shadow: 0 2px 8px rgba(0,0,0,.4); }
.toc ol ol { padding-left: 18px; }
.missing { color: var(--err); font: italic 11pt/1.3 system-ui, sans-serif; border: 1px dashed var(--err); padding: 1pt 4pt; margin: 2pt 0; }
.derived { font: 9.5pt system-ui, sans-serif; color: #555; font-style: normal; }
.table-box { overflow-x: auto; }
main { padding: 16px 0 40px; }
.sheet { background: var(--paper); box-shadow: 0 1px 4px rgba(0,0,0,.25); margin: 0 auto 18px; box-sizing: border-box; }
.sheet { overflow-wrap: break-word; }
.nowrap { white-space: nowrap; }
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
.p.formula { text-align: center; text-indent: 0; font-weight: bold; margin: 12pt 0 6pt; }
.article-label { font-weight: bold; }
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
a.parent { color: inherit; text-decoration: underline dotted; }
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
.figures h2 { text-indent: 0; break-after: avoid; }
figure.chart { margin: 10pt 0 18pt; }
figcaption { font-weight: bold; margin-bottom: 6pt; break-after: avoid; }
.scroll { overflow-x: auto; }
<xsl:call-template name="svg-css"/>
.empty { font-style: italic; }
/* a phone: one column, the sheets as wide as the screen, the appendix table scrolling in its own box */
@media screen and (max-width: 900px) {
  body { font-size: 12.5pt; }
  main { padding: 8px 0 24px; }
  .sheet { width: auto; min-height: 0; margin: 0 6px 12px; padding: 14px 12px; }
  .doc, .appendix, .figures, .unplaced { width: auto; padding: 14px 12px; }
  .masthead { grid-template-columns: 1fr; row-gap: 10pt; }
  .party .masthead .national, .state .masthead .national { font-size: 12.5pt; }
  .summary { margin: 2pt 0 0; }
  h2, h3, h4, .p { text-indent: 0.6cm; }
  .closing { grid-template-columns: 1fr; row-gap: 14pt; }
  .sig-space { height: 12mm; }
  .table-box { max-height: 75vh; overflow: auto; border: 1px solid #999; }
  table.tasks { min-width: 760px; font-size: 11pt; }
  table.tasks thead th { position: sticky; top: 0; background: #fff; }
}
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
  .table-box { overflow: visible; }
  figure.chart svg { max-height: 140mm; width: auto; max-width: 100%; }
  a { color: inherit; text-decoration: none; }
}
</xsl:template>
</xsl:stylesheet>
