<?xml version="1.0" encoding="UTF-8"?>
<!-- stylesheets/fo.xsl: a compiled program (schemas/program.rng) as XSL-FO 1.1 for A4 print
     (Apache FOP: render.c runs it with stylesheets/fop.xconf, which embeds Liberation Serif under
     the name "Times New Roman"). Layout of the presentation standards (FACTS.md section 3):
     margins 25/25/35/15 mm (Party) or 20/20/30/15 mm (State), Times New Roman 14 pt justified,
     page numbers centred in the top margin from page 2; the appendix table on landscape A4 pages
     with its header repeated and group rows spanning the table (a table of more than 1,000 rows
     in page sequences of about 1,000); then the charts (charts.xsl's
     SVG, drawn by FOP through fo:instream-foreign-object). Navigation: a bookmark tree of the
     sections, the appendix and its groups, and the charts; appendix group titles link to their
     mission. Tagged PDF: fop.xconf turns FOP's accessibility on; headings carry their role
     (H1-H3), pictures their alternative text.
     Parameter: lang ('vi' | 'en': apc's own words, the charts' and the bookmarks'; the document
     stays Vietnamese). Source text is only ever copied as text. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:fo="http://www.w3.org/1999/XSL/Format"
    xmlns:fox="http://xmlgraphics.apache.org/fop/extensions"
    xmlns:p="urn:apc:program:1"
    xmlns:src="urn:apc:source:1"
    xmlns:exsl="http://exslt.org/common"
    xmlns:str="http://exslt.org/strings"
    extension-element-prefixes="exsl str"
    exclude-result-prefixes="p src exsl str">

  <xsl:include href="common.xsl"/>
  <xsl:include href="charts.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>
  <xsl:strip-space elements="p:program p:meta p:preamble p:section p:subsection p:objective p:mission
                             p:signature p:recipients p:appendix p:columns p:group p:task"/>

  <xsl:param name="lang" select="'vi'"/>
  <xsl:param name="annotate" select="false()"/>

  <xsl:variable name="font">Times New Roman</xsl:variable>
  <xsl:variable name="svg-style" select="true()"/>
  <xsl:variable name="show-diags" select="false()"/>
  <!-- rows of an appendix table per page sequence (FOP's memory: see the appendices below) -->
  <xsl:variable name="part-rows" select="1000"/>
  <!-- the most tasks the charts of a task each (timeline, agencies) are drawn for: more do not
       read on a page, and FOP holds a chart's SVG whole (20,000 tasks: about 1 GB) -->
  <xsl:variable name="chart-tasks" select="1000"/>

  <xsl:template match="/">
    <fo:root font-family="{$font}" font-size="14pt" line-height="1.25" language="vi" xml:lang="vi" hyphenate="false">
      <fo:layout-master-set>
        <fo:simple-page-master master-name="first" page-width="210mm" page-height="297mm"
            margin-top="0mm" margin-bottom="{$margin-bottom}" margin-left="{$margin-left}" margin-right="{$margin-right}">
          <fo:region-body margin-top="{$margin-top}"/>
        </fo:simple-page-master>
        <fo:simple-page-master master-name="rest" page-width="210mm" page-height="297mm"
            margin-top="0mm" margin-bottom="{$margin-bottom}" margin-left="{$margin-left}" margin-right="{$margin-right}">
          <fo:region-body margin-top="{$margin-top}"/>
          <fo:region-before region-name="page-number" extent="{$margin-top}" display-align="center"/>
        </fo:simple-page-master>
        <fo:simple-page-master master-name="wide" page-width="297mm" page-height="210mm"
            margin-top="0mm" margin-bottom="15mm" margin-left="20mm" margin-right="15mm">
          <fo:region-body margin-top="20mm"/>
          <fo:region-before region-name="page-number" extent="20mm" display-align="center"/>
        </fo:simple-page-master>
        <fo:page-sequence-master master-name="document">
          <fo:single-page-master-reference master-reference="first"/>
          <fo:repeatable-page-master-reference master-reference="rest"/>
        </fo:page-sequence-master>
      </fo:layout-master-set>
      <fo:declarations>
        <x:xmpmeta xmlns:x="adobe:ns:meta/">
          <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
            <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
              <dc:title><xsl:call-template name="symbol-line"/><xsl:text> </xsl:text><xsl:value-of select="normalize-space(p:program/p:meta/p:kind)"/></dc:title>
              <dc:language>vi</dc:language>
            </rdf:Description>
          </rdf:RDF>
        </x:xmpmeta>
      </fo:declarations>
      <xsl:call-template name="bookmarks"/>
      <fo:page-sequence master-reference="document" initial-page-number="1">
        <xsl:call-template name="page-number"/>
        <fo:flow flow-name="xsl-region-body" text-align="justify">
          <xsl:apply-templates select="p:program" mode="document"/>
        </fo:flow>
      </fo:page-sequence>
      <xsl:for-each select="p:program/p:appendix">
        <xsl:variable name="a" select="."/>
        <xsl:variable name="rows" select="descendant::p:group | descendant::p:task"/>
        <xsl:choose>
          <xsl:when test="count($rows) &lt;= $part-rows">
            <fo:page-sequence master-reference="wide" initial-page-number="auto">
              <xsl:call-template name="page-number"/>
              <fo:flow flow-name="xsl-region-body">
                <xsl:apply-templates select="."/>
              </fo:flow>
            </fo:page-sequence>
          </xsl:when>
          <xsl:otherwise>
            <!-- A long table in parts, each a page sequence of its own with the header: FOP
                 keeps a page sequence whole until its end, so one sequence of 20,000 rows held
                 them all. A part starts at a task that follows a task (a group row stays with
                 its first task), after at least $part-rows rows, and not for a last few rows. -->
            <xsl:variable name="starts-rtf">
              <xsl:for-each select="$rows">
                <xsl:variable name="i" select="position()"/>
                <xsl:if test="$i = 1 or ($i mod $part-rows = 1 and $i + $part-rows div 2 &lt;= count($rows) and
                              self::p:task and $rows[$i - 1]/self::p:task)">
                  <s i="{$i}"/>
                </xsl:if>
              </xsl:for-each>
            </xsl:variable>
            <xsl:for-each select="exsl:node-set($starts-rtf)/s">
              <xsl:variable name="from" select="number(@i)"/>
              <xsl:variable name="to">
                <xsl:choose>
                  <xsl:when test="following-sibling::s"><xsl:value-of select="following-sibling::s[1]/@i - 1"/></xsl:when>
                  <xsl:otherwise><xsl:value-of select="count($rows)"/></xsl:otherwise>
                </xsl:choose>
              </xsl:variable>
              <fo:page-sequence master-reference="wide" initial-page-number="auto">
                <xsl:call-template name="page-number"/>
                <fo:flow flow-name="xsl-region-body">
                  <xsl:apply-templates select="$a">
                    <xsl:with-param name="rows" select="$rows[position() &gt;= $from and position() &lt;= number($to)]"/>
                    <xsl:with-param name="first" select="$from = 1"/>
                  </xsl:apply-templates>
                </fo:flow>
              </fo:page-sequence>
            </xsl:for-each>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
      <xsl:if test="$trows or $agencies or $model/cov">
        <fo:page-sequence master-reference="wide" initial-page-number="auto">
          <xsl:call-template name="page-number"/>
          <fo:flow flow-name="xsl-region-body">
            <xsl:call-template name="figures"/>
          </fo:flow>
        </fo:page-sequence>
      </xsl:if>
    </fo:root>
  </xsl:template>

  <xsl:template name="page-number">
    <fo:static-content flow-name="page-number">
      <fo:block text-align="center" font-size="13pt"><fo:page-number/></fo:block>
    </fo:static-content>
  </xsl:template>

  <!-- ===== the document ===== -->
  <xsl:template match="p:program" mode="document">
    <xsl:variable name="m" select="p:meta"/>
    <!-- header block: two columns -->
    <fo:table id="document-top" table-layout="fixed" width="100%">
      <fo:table-column column-width="42%"/>
      <fo:table-column column-width="58%"/>
      <fo:table-body>
        <fo:table-row>
          <fo:table-cell text-align="center">
            <xsl:if test="$m/p:superior">
              <fo:block text-transform="uppercase">
                <xsl:if test="$form = 'state'"><xsl:attribute name="font-size">13pt</xsl:attribute></xsl:if>
                <xsl:value-of select="normalize-space($m/p:superior)"/>
              </fo:block>
            </xsl:if>
            <xsl:if test="$m/p:issuer">
              <xsl:variable name="lines-rtf">
                <xsl:call-template name="issuer-lines"><xsl:with-param name="s" select="normalize-space($m/p:issuer)"/><xsl:with-param name="lines" select="$m/p:issuer/@lines"/></xsl:call-template>
              </xsl:variable>
              <xsl:for-each select="exsl:node-set($lines-rtf)/l">
                <fo:block font-weight="bold" text-transform="uppercase" keep-with-previous.within-page="always">
                  <xsl:if test="$form = 'state'"><xsl:attribute name="font-size">13pt</xsl:attribute></xsl:if>
                  <xsl:value-of select="."/>
                </fo:block>
              </xsl:for-each>
            </xsl:if>
            <xsl:choose>
              <xsl:when test="$form = 'party'"><xsl:if test="$m/p:superior or $m/p:issuer"><fo:block>*</fo:block></xsl:if></xsl:when>
              <xsl:otherwise><fo:block><fo:leader leader-pattern="rule" leader-length="30%" rule-thickness="0.5pt"/></fo:block></xsl:otherwise>
            </xsl:choose>
            <xsl:if test="$m/p:symbol">
              <fo:block space-before="3pt">
                <xsl:if test="$form = 'state'"><xsl:attribute name="font-size">13pt</xsl:attribute></xsl:if>
                <fo:inline keep-together.within-line="always"><xsl:call-template name="symbol-line"/></fo:inline>
              </fo:block>
            </xsl:if>
          </fo:table-cell>
          <fo:table-cell text-align="center">
            <xsl:choose>
              <xsl:when test="$form = 'party'">
                <fo:block font-size="15pt" font-weight="bold">ĐẢNG CỘNG SẢN VIỆT NAM</fo:block>
                <fo:block line-height="0.6"><fo:leader leader-pattern="rule" leader-length="75%" rule-thickness="0.5pt"/></fo:block>
              </xsl:when>
              <xsl:otherwise>
                <fo:block font-size="13pt" font-weight="bold">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</fo:block>
                <fo:block font-weight="bold">Độc lập - Tự do - Hạnh phúc</fo:block>
                <fo:block line-height="0.6"><fo:leader leader-pattern="rule" leader-length="55%" rule-thickness="0.5pt"/></fo:block>
              </xsl:otherwise>
            </xsl:choose>
            <xsl:if test="$m/p:date or $m/p:place">
              <fo:block font-style="italic" space-before="6pt"><xsl:call-template name="place-date-as-written"/></fo:block>
            </xsl:if>
          </fo:table-cell>
        </fo:table-row>
      </fo:table-body>
    </fo:table>
    <!-- title -->
    <fo:block text-align="center" space-before="20pt" space-after="12pt" keep-with-next.within-page="always">
      <xsl:if test="$m/p:kind"><fo:block font-size="16pt" font-weight="bold" text-transform="uppercase" role="H1"><xsl:value-of select="normalize-space($m/p:kind)"/></fo:block></xsl:if>
      <xsl:if test="$m/p:title"><fo:block font-weight="bold" start-indent="10mm" end-indent="10mm"><xsl:for-each select="$m/p:title"><xsl:call-template name="block-text"/></xsl:for-each></fo:block></xsl:if>
      <xsl:if test="$form = 'party'"><fo:block>-----</fo:block></xsl:if>
    </fo:block>
    <xsl:apply-templates select="p:preamble | p:section"/>
    <!-- recipients (left) and signature (right) -->
    <xsl:if test="p:signature | p:recipients">
      <fo:table id="closing" table-layout="fixed" width="100%" space-before="12pt" keep-together.within-page="always">
        <fo:table-column column-width="50%"/>
        <fo:table-column column-width="50%"/>
        <fo:table-body>
          <fo:table-row>
            <fo:table-cell text-align="left">
              <xsl:choose>
                <xsl:when test="p:recipients">
                  <fo:block font-size="12pt" font-weight="bold" font-style="italic">Nơi nhận:</fo:block>
                  <!-- a list (tagged L/LI): the dash as its label, the name and its punctuation -->
                  <fo:list-block font-size="11pt" line-height="1.15" provisional-distance-between-starts="3mm" provisional-label-separation="1mm">
                    <xsl:for-each select="p:recipients/p:recipient">
                      <fo:list-item>
                        <fo:list-item-label end-indent="label-end()"><fo:block>-</fo:block></fo:list-item-label>
                        <fo:list-item-body start-indent="body-start()"><fo:block><xsl:value-of select="normalize-space(.)"/><xsl:value-of select="@end"/></fo:block></fo:list-item-body>
                      </fo:list-item>
                    </xsl:for-each>
                  </fo:list-block>
                </xsl:when>
                <xsl:otherwise><fo:block/></xsl:otherwise>
              </xsl:choose>
            </fo:table-cell>
            <fo:table-cell text-align="center">
              <xsl:choose>
                <xsl:when test="p:signature">
                  <xsl:for-each select="p:signature/p:role"><fo:block font-weight="bold" text-transform="uppercase"><xsl:value-of select="normalize-space(.)"/></fo:block></xsl:for-each>
                  <xsl:if test="p:signature/p:title"><fo:block font-weight="bold" text-transform="uppercase"><xsl:value-of select="normalize-space(p:signature/p:title)"/></fo:block></xsl:if>
                  <fo:block space-before="24mm"/>
                  <xsl:if test="p:signature/p:name"><fo:block font-weight="bold"><xsl:value-of select="normalize-space(p:signature/p:name)"/></fo:block></xsl:if>
                </xsl:when>
                <xsl:otherwise><fo:block/></xsl:otherwise>
              </xsl:choose>
            </fo:table-cell>
          </fo:table-row>
        </fo:table-body>
      </fo:table>
    </xsl:if>
  </xsl:template>

  <xsl:template match="p:preamble">
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template match="p:section">
    <fo:block font-weight="bold" text-indent="1cm" space-before="6pt" space-after="6pt" keep-with-next.within-page="always" role="H2">
      <xsl:attribute name="id"><xsl:apply-templates select="." mode="anchor"/></xsl:attribute>
      <xsl:call-template name="numbered-title"/>
    </fo:block>
    <xsl:apply-templates select="*[not(self::p:title)]"/>
  </xsl:template>

  <xsl:template match="p:mission | p:objective | p:subsection">
    <xsl:if test="p:title">
      <fo:block font-weight="bold" text-indent="1cm" space-before="6pt" space-after="6pt" keep-with-next.within-page="always" role="H3">
        <xsl:attribute name="id"><xsl:apply-templates select="." mode="anchor"/></xsl:attribute>
        <xsl:if test="ancestor::p:objective | ancestor::p:subsection | ancestor::p:mission">
          <xsl:attribute name="font-style">italic</xsl:attribute>
        </xsl:if>
        <xsl:call-template name="numbered-title"/>
      </fo:block>
    </xsl:if>
    <xsl:apply-templates select="*[not(self::p:title)]"/>
  </xsl:template>

  <xsl:template match="p:p">
    <xsl:variable name="part"><xsl:call-template name="decision-part"/></xsl:variable>
    <xsl:choose>
      <xsl:when test="$part = 'formula'">
        <fo:block text-align="center" font-weight="bold" space-before="12pt" space-after="6pt" keep-with-next.within-page="always">
          <xsl:value-of select="normalize-space(.)"/>
        </fo:block>
      </xsl:when>
      <xsl:otherwise>
        <fo:block text-indent="1cm" space-before="6pt" orphans="2" widows="2">
          <xsl:variable name="num"><xsl:call-template name="lead-number"/></xsl:variable>
          <xsl:if test="string($num)"><xsl:value-of select="$num"/><xsl:text> </xsl:text></xsl:if>
          <xsl:choose>
            <xsl:when test="$part = 'article'">
              <xsl:variable name="label"><xsl:call-template name="article-label"/></xsl:variable>
              <fo:inline font-weight="bold"><xsl:value-of select="$label"/></fo:inline>
              <xsl:text> </xsl:text>
              <xsl:call-template name="block-text">
                <xsl:with-param name="s" select="normalize-space(substring-after(normalize-space(.), $label))"/>
              </xsl:call-template>
            </xsl:when>
            <xsl:otherwise><xsl:call-template name="block-text"/></xsl:otherwise>
          </xsl:choose>
        </fo:block>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="parent-link">
    <xsl:param name="href"/>
    <xsl:param name="text"/>
    <xsl:param name="symbol"/>
    <fo:basic-link external-destination="url('{$href}')" color="#1f4e8c"><xsl:call-template name="symbol-text"><xsl:with-param name="s" select="$text"/><xsl:with-param name="symbol" select="$symbol"/></xsl:call-template></fo:basic-link>
  </xsl:template>
  <xsl:template name="nowrap">
    <xsl:param name="s"/>
    <fo:inline keep-together.within-line="always"><xsl:value-of select="$s"/></fo:inline>
  </xsl:template>

  <xsl:template match="p:item">
    <fo:block text-indent="1cm" space-before="6pt" orphans="2" widows="2">
      <xsl:variable name="num"><xsl:call-template name="lead-number"/></xsl:variable>
      <xsl:if test="string($num)"><xsl:value-of select="$num"/><xsl:text> </xsl:text></xsl:if>
      <xsl:variable name="mark"><xsl:call-template name="item-mark"/></xsl:variable>
      <xsl:if test="string($mark)"><xsl:value-of select="$mark"/><xsl:text> </xsl:text></xsl:if>
      <xsl:call-template name="block-text"/>
    </fo:block>
  </xsl:template>

  <!-- ===== appendix ===== -->
  <!-- the appendix, or (first false) a later part of its table: the rows given -->
  <xsl:template match="p:appendix">
    <xsl:param name="rows" select="descendant::p:group | descendant::p:task"/>
    <xsl:param name="first" select="true()"/>
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
    <xsl:if test="$first">
      <fo:block text-align="center" font-weight="bold" keep-with-next.within-page="always" role="H2">
        <xsl:attribute name="id"><xsl:apply-templates select="." mode="anchor"/></xsl:attribute>
        <xsl:value-of select="normalize-space(p:title)"/>
      </fo:block>
      <xsl:if test="p:subtitle">
        <fo:block text-align="center" font-weight="bold" start-indent="15mm" end-indent="15mm" keep-with-next.within-page="always"><xsl:value-of select="normalize-space(p:subtitle)"/></fo:block>
      </xsl:if>
      <xsl:if test="p:attached">
        <fo:block text-align="center" font-style="italic" space-after="8pt" keep-with-next.within-page="always"><xsl:value-of select="normalize-space(p:attached)"/></fo:block>
      </xsl:if>
      <xsl:apply-templates select="p:p | p:item"/>
    </xsl:if>
    <xsl:if test="$rows">
      <fo:table table-layout="fixed" width="100%" border-collapse="collapse" font-size="12pt" line-height="1.2">
        <xsl:for-each select="$cols">
          <fo:table-column>
            <xsl:attribute name="column-width">
              <xsl:choose>
                <xsl:when test="@key = 'number'">proportional-column-width(2)</xsl:when>
                <xsl:when test="@key = 'task'">proportional-column-width(15)</xsl:when>
                <xsl:when test="@key = 'lead'">proportional-column-width(7)</xsl:when>
                <xsl:when test="@key = 'partner'">proportional-column-width(10)</xsl:when>
                <xsl:otherwise>proportional-column-width(5)</xsl:otherwise>
              </xsl:choose>
            </xsl:attribute>
          </fo:table-column>
        </xsl:for-each>
        <fo:table-header>
          <fo:table-row font-weight="bold" text-align="center">
            <xsl:for-each select="$cols">
              <fo:table-cell border="0.5pt solid black" padding-top="3pt" padding-bottom="3pt" padding-left="4pt" padding-right="4pt" display-align="center"><fo:block><xsl:value-of select="."/></fo:block></fo:table-cell>
            </xsl:for-each>
          </fo:table-row>
        </fo:table-header>
        <fo:table-body>
          <xsl:apply-templates select="$rows" mode="row">
            <xsl:with-param name="cols" select="$cols"/>
          </xsl:apply-templates>
        </fo:table-body>
      </fo:table>
    </xsl:if>
  </xsl:template>

  <xsl:template match="p:group" mode="row">
    <xsl:param name="cols"/>
    <fo:table-row font-weight="bold" keep-with-next.within-page="always" background-color="#f2f2f2">
      <xsl:attribute name="id"><xsl:apply-templates select="." mode="anchor"/></xsl:attribute>
      <fo:table-cell border="0.5pt solid black" padding-top="3pt" padding-bottom="3pt" padding-left="4pt" padding-right="4pt" text-align="center"><fo:block><xsl:value-of select="@n"/></fo:block></fo:table-cell>
      <fo:table-cell border="0.5pt solid black" padding-top="3pt" padding-bottom="3pt" padding-left="4pt" padding-right="4pt" number-columns-spanned="{count($cols) - 1}">
        <fo:block>
          <xsl:variable name="to"><xsl:call-template name="group-mission-anchor"/></xsl:variable>
          <xsl:choose>
            <xsl:when test="string($to)">
              <fo:basic-link internal-destination="{$to}">
                <xsl:value-of select="normalize-space(p:title)"/>
              </fo:basic-link>
            </xsl:when>
            <xsl:otherwise><xsl:value-of select="normalize-space(p:title)"/></xsl:otherwise>
          </xsl:choose>
        </fo:block>
      </fo:table-cell>
    </fo:table-row>
  </xsl:template>

  <xsl:template match="p:task" mode="row">
    <xsl:param name="cols"/>
    <xsl:variable name="t" select="."/>
    <fo:table-row keep-together.within-page="always">
      <xsl:attribute name="id"><xsl:apply-templates select="." mode="anchor"/></xsl:attribute>
      <xsl:for-each select="$cols">
        <fo:table-cell border="0.5pt solid black" padding-top="3pt" padding-bottom="3pt" padding-left="4pt" padding-right="4pt">
          <fo:block>
            <xsl:choose>
              <xsl:when test="@key = 'number'"><xsl:attribute name="text-align">center</xsl:attribute><xsl:value-of select="$t/@n"/></xsl:when>
              <xsl:when test="@key = 'task'"><xsl:attribute name="text-align">justify</xsl:attribute><xsl:value-of select="normalize-space($t/p:text)"/></xsl:when>
              <xsl:when test="@key = 'lead'"><xsl:call-template name="agencies"><xsl:with-param name="nodes" select="$t/p:lead"/></xsl:call-template></xsl:when>
              <xsl:when test="@key = 'partner'"><xsl:call-template name="agencies"><xsl:with-param name="nodes" select="$t/p:partner"/></xsl:call-template></xsl:when>
              <xsl:when test="@key = 'timeline'"><xsl:value-of select="normalize-space($t/p:timeline)"/></xsl:when>
              <xsl:otherwise>
                <xsl:variable name="label" select="string(.)"/>
                <xsl:value-of select="normalize-space(($t/p:cell[@key = current()/@key][not(@header) or normalize-space(@header) = $label])[1])"/>
              </xsl:otherwise>
            </xsl:choose>
          </fo:block>
        </fo:table-cell>
      </xsl:for-each>
    </fo:table-row>
  </xsl:template>

  <!-- ===== navigation: the PDF's bookmarks ===== -->
  <xsl:template name="bookmarks">
    <fo:bookmark-tree>
      <fo:bookmark internal-destination="document-top">
        <fo:bookmark-title>
          <xsl:value-of select="normalize-space(p:program/p:meta/p:kind)"/>
          <xsl:if test="p:program/p:meta/p:symbol"><xsl:text> </xsl:text><xsl:call-template name="symbol-line"/></xsl:if>
          <xsl:if test="not(p:program/p:meta/p:kind or p:program/p:meta/p:symbol)"><xsl:call-template name="w"><xsl:with-param name="id" select="'document'"/></xsl:call-template></xsl:if>
        </fo:bookmark-title>
        <xsl:for-each select="p:program/p:section">
          <fo:bookmark>
            <xsl:attribute name="internal-destination"><xsl:apply-templates select="." mode="anchor"/></xsl:attribute>
            <fo:bookmark-title><xsl:call-template name="numbered-title"/></fo:bookmark-title>
            <xsl:for-each select="p:mission[p:title] | p:objective[p:title] | p:subsection[p:title]">
              <fo:bookmark>
                <xsl:attribute name="internal-destination"><xsl:apply-templates select="." mode="anchor"/></xsl:attribute>
                <fo:bookmark-title><xsl:call-template name="numbered-title"/></fo:bookmark-title>
              </fo:bookmark>
            </xsl:for-each>
          </fo:bookmark>
        </xsl:for-each>
        <xsl:if test="p:program/p:signature | p:program/p:recipients">
          <fo:bookmark internal-destination="closing">
            <fo:bookmark-title><xsl:call-template name="w"><xsl:with-param name="id" select="'signature'"/></xsl:call-template></fo:bookmark-title>
          </fo:bookmark>
        </xsl:if>
      </fo:bookmark>
      <xsl:for-each select="p:program/p:appendix">
        <fo:bookmark>
          <xsl:attribute name="internal-destination"><xsl:apply-templates select="." mode="anchor"/></xsl:attribute>
          <fo:bookmark-title><xsl:value-of select="normalize-space(p:title)"/></fo:bookmark-title>
          <xsl:for-each select="p:group">
            <fo:bookmark>
              <xsl:attribute name="internal-destination"><xsl:apply-templates select="." mode="anchor"/></xsl:attribute>
              <fo:bookmark-title><xsl:value-of select="@n"/>. <xsl:value-of select="normalize-space(p:title)"/></fo:bookmark-title>
            </fo:bookmark>
          </xsl:for-each>
        </fo:bookmark>
      </xsl:for-each>
      <xsl:if test="$trows or $agencies or $model/cov">
        <fo:bookmark internal-destination="figures">
          <fo:bookmark-title><xsl:call-template name="w"><xsl:with-param name="id" select="'figures'"/></xsl:call-template></fo:bookmark-title>
          <xsl:if test="$trows"><fo:bookmark internal-destination="fig-gantt"><fo:bookmark-title><xsl:call-template name="w"><xsl:with-param name="id" select="'gantt'"/></xsl:call-template></fo:bookmark-title></fo:bookmark></xsl:if>
          <xsl:if test="$agencies"><fo:bookmark internal-destination="fig-matrix"><fo:bookmark-title><xsl:call-template name="w"><xsl:with-param name="id" select="'matrix'"/></xsl:call-template></fo:bookmark-title></fo:bookmark></xsl:if>
          <xsl:if test="$model/cov"><fo:bookmark internal-destination="fig-coverage"><fo:bookmark-title><xsl:call-template name="w"><xsl:with-param name="id" select="'coverage'"/></xsl:call-template></fo:bookmark-title></fo:bookmark></xsl:if>
        </fo:bookmark>
      </xsl:if>
    </fo:bookmark-tree>
  </xsl:template>

  <!-- ===== the charts, one per page at most, scaled to the page ===== -->
  <xsl:template name="figures">
    <fo:block id="figures" font-weight="bold" text-align="center" space-after="6pt" keep-with-next.within-page="always" role="H2">
      <xsl:call-template name="w"><xsl:with-param name="id" select="'figures'"/></xsl:call-template>
    </fo:block>
    <xsl:variable name="draw" select="count($trows) &lt;= $chart-tasks"/>
    <xsl:if test="$trows">
      <xsl:call-template name="chart">
        <xsl:with-param name="id" select="'fig-gantt'"/><xsl:with-param name="caption" select="'gantt'"/>
        <xsl:with-param name="draw" select="$draw"/>
        <xsl:with-param name="svg"><xsl:if test="$draw"><xsl:call-template name="gantt-svg"/></xsl:if></xsl:with-param>
      </xsl:call-template>
    </xsl:if>
    <xsl:if test="$agencies">
      <xsl:call-template name="chart">
        <xsl:with-param name="id" select="'fig-matrix'"/><xsl:with-param name="caption" select="'matrix'"/>
        <xsl:with-param name="draw" select="$draw"/>
        <xsl:with-param name="svg"><xsl:if test="$draw"><xsl:call-template name="matrix-svg"/></xsl:if></xsl:with-param>
      </xsl:call-template>
    </xsl:if>
    <xsl:if test="$model/cov">
      <xsl:call-template name="chart">
        <xsl:with-param name="id" select="'fig-coverage'"/><xsl:with-param name="caption" select="'coverage'"/>
        <xsl:with-param name="svg"><xsl:call-template name="coverage-svg"/></xsl:with-param>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template name="chart">
    <xsl:param name="id"/><xsl:param name="caption"/><xsl:param name="svg"/><xsl:param name="draw" select="true()"/>
    <xsl:variable name="words"><xsl:call-template name="w"><xsl:with-param name="id" select="$caption"/></xsl:call-template></xsl:variable>
    <fo:block id="{$id}" space-before="8pt" font-weight="bold" font-size="12pt" keep-with-next.within-page="always" role="H3">
      <xsl:if test="$id != 'fig-gantt'"><xsl:attribute name="break-before">page</xsl:attribute></xsl:if>
      <xsl:value-of select="$words"/>
    </fo:block>
    <xsl:choose>
      <xsl:when test="$draw">
        <fo:block text-align="center" space-before="4pt">
          <fo:instream-foreign-object content-width="scale-down-to-fit" content-height="scale-down-to-fit"
              width="100%" height="150mm" scaling="uniform" fox:alt-text="{$words}">
            <xsl:copy-of select="$svg"/>
          </fo:instream-foreign-object>
        </fo:block>
      </xsl:when>
      <xsl:otherwise>
        <fo:block space-before="4pt">
          <xsl:call-template name="w"><xsl:with-param name="id" select="'chart-tasks'"/></xsl:call-template>
          <xsl:text> </xsl:text><xsl:value-of select="count($trows)"/><xsl:text> </xsl:text>
          <xsl:call-template name="w"><xsl:with-param name="id" select="'chart-too-many'"/></xsl:call-template>
        </fo:block>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
