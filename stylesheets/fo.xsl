<?xml version="1.0" encoding="UTF-8"?>
<!-- stylesheets/fo.xsl: a compiled program (schemas/program.rng) as XSL-FO 1.1 for A4 print
     (Apache FOP: render.c runs it with stylesheets/fop.xconf, which embeds Liberation Serif under
     the name "Times New Roman"). Layout of the presentation standards (FACTS.md section 3):
     margins 25/25/35/15 mm (Party) or 20/20/30/15 mm (State), Times New Roman 14 pt justified,
     page numbers centred in the top margin from page 2; the appendix table on landscape A4 pages
     with its header repeated and group rows spanning the table.
     Parameter: lang (unused by the document itself, kept for symmetry with html.xsl).
     Source text is only ever copied as text. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:fo="http://www.w3.org/1999/XSL/Format"
    xmlns:p="urn:apc:program:1"
    xmlns:src="urn:apc:source:1"
    xmlns:exsl="http://exslt.org/common"
    xmlns:str="http://exslt.org/strings"
    extension-element-prefixes="exsl str"
    exclude-result-prefixes="p src exsl str">

  <xsl:include href="common.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>
  <xsl:strip-space elements="p:program p:meta p:preamble p:section p:subsection p:objective p:mission
                             p:signature p:recipients p:appendix p:columns p:group p:task"/>

  <xsl:param name="lang" select="'vi'"/>
  <xsl:param name="annotate" select="false()"/>

  <xsl:variable name="font">Times New Roman</xsl:variable>

  <xsl:template match="/">
    <fo:root font-family="{$font}" font-size="14pt" line-height="1.25" language="vi" hyphenate="false">
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
      <fo:page-sequence master-reference="document" initial-page-number="1">
        <xsl:call-template name="page-number"/>
        <fo:flow flow-name="xsl-region-body" text-align="justify">
          <xsl:apply-templates select="p:program" mode="document"/>
        </fo:flow>
      </fo:page-sequence>
      <xsl:for-each select="p:program/p:appendix">
        <fo:page-sequence master-reference="wide" initial-page-number="auto">
          <xsl:call-template name="page-number"/>
          <fo:flow flow-name="xsl-region-body">
            <xsl:apply-templates select="."/>
          </fo:flow>
        </fo:page-sequence>
      </xsl:for-each>
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
    <fo:table table-layout="fixed" width="100%">
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
              <fo:block font-weight="bold" text-transform="uppercase">
                <xsl:if test="$form = 'state'"><xsl:attribute name="font-size">13pt</xsl:attribute></xsl:if>
                <xsl:value-of select="normalize-space($m/p:issuer)"/>
              </fo:block>
            </xsl:if>
            <xsl:choose>
              <xsl:when test="$form = 'party'"><xsl:if test="$m/p:superior or $m/p:issuer"><fo:block>*</fo:block></xsl:if></xsl:when>
              <xsl:otherwise><fo:block><fo:leader leader-pattern="rule" leader-length="30%" rule-thickness="0.5pt"/></fo:block></xsl:otherwise>
            </xsl:choose>
            <xsl:if test="$m/p:symbol">
              <fo:block space-before="3pt">
                <xsl:if test="$form = 'state'"><xsl:attribute name="font-size">13pt</xsl:attribute></xsl:if>
                <xsl:call-template name="symbol-line"/>
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
              <fo:block font-style="italic" space-before="6pt"><xsl:call-template name="place-date"/></fo:block>
            </xsl:if>
          </fo:table-cell>
        </fo:table-row>
      </fo:table-body>
    </fo:table>
    <!-- title -->
    <fo:block text-align="center" space-before="20pt" space-after="12pt" keep-with-next.within-page="always">
      <xsl:if test="$m/p:kind"><fo:block font-size="16pt" font-weight="bold" text-transform="uppercase"><xsl:value-of select="normalize-space($m/p:kind)"/></fo:block></xsl:if>
      <xsl:if test="$m/p:title"><fo:block font-weight="bold" start-indent="10mm" end-indent="10mm"><xsl:value-of select="normalize-space($m/p:title)"/></fo:block></xsl:if>
      <xsl:if test="$form = 'party'"><fo:block>-----</fo:block></xsl:if>
    </fo:block>
    <xsl:apply-templates select="p:preamble | p:section"/>
    <!-- recipients (left) and signature (right) -->
    <xsl:if test="p:signature | p:recipients">
      <fo:table table-layout="fixed" width="100%" space-before="12pt" keep-together.within-page="always">
        <fo:table-column column-width="50%"/>
        <fo:table-column column-width="50%"/>
        <fo:table-body>
          <fo:table-row>
            <fo:table-cell text-align="left">
              <xsl:choose>
                <xsl:when test="p:recipients">
                  <fo:block font-size="12pt" font-weight="bold" font-style="italic">Nơi nhận:</fo:block>
                  <xsl:for-each select="p:recipients/p:recipient">
                    <fo:block font-size="11pt" line-height="1.15">- <xsl:value-of select="normalize-space(.)"/></fo:block>
                  </xsl:for-each>
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
    <fo:block id="{generate-id()}" font-weight="bold" text-indent="1cm" space-before="6pt" space-after="6pt" keep-with-next.within-page="always">
      <xsl:call-template name="numbered-title"/>
    </fo:block>
    <xsl:apply-templates select="*[not(self::p:title)]"/>
  </xsl:template>

  <xsl:template match="p:mission | p:objective | p:subsection">
    <xsl:if test="p:title">
      <fo:block font-weight="bold" text-indent="1cm" space-before="6pt" space-after="6pt" keep-with-next.within-page="always">
        <xsl:if test="ancestor::p:objective | ancestor::p:subsection | ancestor::p:mission">
          <xsl:attribute name="font-style">italic</xsl:attribute>
        </xsl:if>
        <xsl:call-template name="numbered-title"/>
      </fo:block>
    </xsl:if>
    <xsl:apply-templates select="*[not(self::p:title)]"/>
  </xsl:template>

  <xsl:template match="p:p">
    <fo:block text-indent="1cm" space-before="6pt" orphans="2" widows="2"><xsl:value-of select="normalize-space(.)"/></fo:block>
  </xsl:template>

  <xsl:template match="p:item">
    <fo:block text-indent="1cm" space-before="6pt" orphans="2" widows="2">
      <xsl:variable name="mark"><xsl:call-template name="item-mark"/></xsl:variable>
      <xsl:if test="string($mark)"><xsl:value-of select="$mark"/><xsl:text> </xsl:text></xsl:if>
      <xsl:value-of select="normalize-space(.)"/>
    </fo:block>
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
    <fo:block text-align="center" font-weight="bold" keep-with-next.within-page="always"><xsl:value-of select="normalize-space(p:title)"/></fo:block>
    <xsl:if test="p:subtitle">
      <fo:block text-align="center" font-weight="bold" start-indent="15mm" end-indent="15mm" keep-with-next.within-page="always"><xsl:value-of select="normalize-space(p:subtitle)"/></fo:block>
    </xsl:if>
    <xsl:if test="p:attached">
      <fo:block text-align="center" font-style="italic" space-after="8pt" keep-with-next.within-page="always"><xsl:value-of select="normalize-space(p:attached)"/></fo:block>
    </xsl:if>
    <xsl:apply-templates select="p:p | p:item"/>
    <xsl:if test="p:task | p:group">
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
              <fo:table-cell border="0.5pt solid black" padding="2pt" display-align="center"><fo:block><xsl:value-of select="."/></fo:block></fo:table-cell>
            </xsl:for-each>
          </fo:table-row>
        </fo:table-header>
        <fo:table-body>
          <xsl:apply-templates select="p:group | p:task" mode="row">
            <xsl:with-param name="cols" select="$cols"/>
          </xsl:apply-templates>
        </fo:table-body>
      </fo:table>
    </xsl:if>
  </xsl:template>

  <xsl:template match="p:group" mode="row">
    <xsl:param name="cols"/>
    <fo:table-row font-weight="bold" keep-with-next.within-page="always" background-color="#f2f2f2">
      <fo:table-cell border="0.5pt solid black" padding="2pt" text-align="center"><fo:block><xsl:value-of select="@n"/></fo:block></fo:table-cell>
      <fo:table-cell border="0.5pt solid black" padding="2pt" number-columns-spanned="{count($cols) - 1}">
        <fo:block><xsl:value-of select="normalize-space(p:title)"/></fo:block>
      </fo:table-cell>
    </fo:table-row>
    <xsl:apply-templates select="p:group | p:task" mode="row">
      <xsl:with-param name="cols" select="$cols"/>
    </xsl:apply-templates>
  </xsl:template>

  <xsl:template match="p:task" mode="row">
    <xsl:param name="cols"/>
    <xsl:variable name="t" select="."/>
    <fo:table-row keep-together.within-page="always">
      <xsl:for-each select="$cols">
        <fo:table-cell border="0.5pt solid black" padding="2pt">
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
</xsl:stylesheet>
