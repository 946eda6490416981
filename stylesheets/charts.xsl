<?xml version="1.0" encoding="UTF-8"?>
<!-- stylesheets/charts.xsl: the pictures html.xsl and fo.xsl both draw, as SVG: a timeline of the
     appendix tasks (Gantt), an agency responsibility matrix, and the coverage of the parent's
     missions. Included by them; needs common.xsl (words, anchors) and the including stylesheet's
     $lang. XSLT 1.0 + EXSLT. The SVG carries its own style (svg-css) when $svg-style is true
     (XSL-FO: FOP draws it with Batik, which reads a <style> inside the SVG). -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:p="urn:apc:program:1"
    xmlns:src="urn:apc:source:1"
    xmlns:exsl="http://exslt.org/common"
    xmlns:str="http://exslt.org/strings"
    xmlns:set="http://exslt.org/sets"
    extension-element-prefixes="exsl str"
    exclude-result-prefixes="p src exsl str set">

  <xsl:key name="group-by-mission" match="p:group" use="@mission"/>
  <xsl:key name="horizon" match="p:objective[@horizon]" use="@horizon"/>
  <!-- on the model built below (a separate tree: keys look in the tree of the context node).
       libxslt copies the node-set key() returns, so key() is used once per distinct value, never
       once per node (Muenchian grouping costs the size of the group at each node, quadratic in a
       20,000-row appendix): the first node of each value comes from set:distinct (a hash). -->
  <xsl:key name="m-agency" match="m" use="@k"/>
  <xsl:key name="m-cell" match="m" use="concat(@task, '|', @k)"/>
  <xsl:key name="cov-parent" match="cov" use="@parent"/>
  <xsl:key name="m-spelling" match="m" use="concat(@k, '|', @name)"/>

  <xsl:template name="svg-style">
    <xsl:if test="$svg-style">
      <style type="text/css"><xsl:call-template name="svg-css"/></style>
    </xsl:if>
  </xsl:template>

  <!-- The style of the pictures (page CSS in HTML; inside each SVG for FOP). -->
  <xsl:template name="svg-css">
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
svg .mx-group { font-size: 11px; font-weight: bold; fill: #1f5f9e; }
svg .mx-sep { stroke: #8a96a3; stroke-width: 0.8; }
svg .mx-band { fill: #f1f3f6; }
svg .mx-lead { fill: #1f5f9e; }
svg .mx-partner { fill: #fff; stroke: #1f5f9e; stroke-width: 1.6; }
svg .mx-count { font-size: 10.5px; fill: #333; }
svg .cov-cell { fill: #2e7d32; }
svg .cov-bar { fill: #8fbc8f; }
svg .uncovered { font-size: 11px; fill: #b3261e; font-style: italic; }
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
               tl="{normalize-space($tl)}" s="{$s}" e="{$e}" rec="{$tl/@recurrence}"
               group="{ancestor::p:group[last()]/@n}">
            <xsl:attribute name="anchor"><xsl:apply-templates select="." mode="anchor"/></xsl:attribute>
            <!-- the first task of its top-level group carries the number of tasks the group mark
                 spans; the first of a run of tasks outside any group, 0 (a rule, no mark) -->
            <xsl:variable name="top" select="ancestor::p:group[last()]"/>
            <xsl:choose>
              <xsl:when test="$top">
                <xsl:if test="generate-id($top/descendant::p:task[1]) = generate-id()">
                  <xsl:attribute name="span"><xsl:value-of select="count($top/descendant::p:task)"/></xsl:attribute>
                </xsl:if>
              </xsl:when>
              <xsl:otherwise>
                <xsl:variable name="prev" select="preceding::p:task[1]"/>
                <xsl:if test="not($prev) or $prev/ancestor::p:group">
                  <xsl:attribute name="span">0</xsl:attribute>
                </xsl:if>
              </xsl:otherwise>
            </xsl:choose>
          </row>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
    <!-- every mention of an agency, with its task's place among the tasks (i) -->
    <xsl:for-each select="/p:program/p:appendix//p:task">
      <xsl:variable name="i" select="position()"/>
          <xsl:for-each select="p:lead | p:partner">
        <!-- the agency's identity: its registry id, else its name folded (case, uỷ/ủy, dots) -->
        <m role="{local-name()}" task="{generate-id(..)}" i="{$i}" tn="{../@n}" tg="{../ancestor::p:group[last()]/@n}" reg="{@registry-name}" name="{normalize-space(translate(., '.', ' '))}">
          <xsl:attribute name="k">
            <xsl:choose>
              <xsl:when test="@ref"><xsl:value-of select="@ref"/></xsl:when>
              <xsl:otherwise>~<xsl:value-of select="normalize-space(translate(., 'ABCDEFGHIJKLMNOPQRSTUVWXYZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚŨỤƯỪỨỬỮỰỲÝỸỴỦỶủỷ.', 'abcdefghijklmnopqrstuvwxyzđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúũụưừứửữựỳýỹỵuyuy'))"/></xsl:otherwise>
            </xsl:choose>
          </xsl:attribute>
        </m>
      </xsl:for-each>
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

  <!-- (a) Gantt -->
  <xsl:variable name="g-label" select="330"/>
  <xsl:variable name="g-x0" select="340"/>
  <xsl:variable name="g-x1" select="930"/>
  <xsl:variable name="g-row" select="18"/>
  <xsl:variable name="g-top" select="52"/>

  <xsl:template name="gantt-svg">
    <!-- the span of years: the issue date, every dated task (a task never starts before the issue
         date) and every horizon but a vision's (2045 would squeeze 2023-2030 into a third):
         annual, continuous and open-ended tasks run to the axis's end; a vision beyond it is an
         arrow at the edge -->
    <xsl:variable name="years-rtf">
      <xsl:if test="string($issued) != ''"><y><xsl:value-of select="floor($issued)"/></y></xsl:if>
      <xsl:for-each select="$trows[@s != '']">
        <xsl:choose>
          <xsl:when test="string($issued) != '' and @s &lt; $issued"><y><xsl:value-of select="floor($issued)"/></y></xsl:when>
          <xsl:otherwise><y><xsl:value-of select="floor(@s)"/></y></xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
      <xsl:for-each select="$trows[@e != '']"><y><xsl:value-of select="floor(@e)"/></y></xsl:for-each>
      <xsl:for-each select="/p:program/p:section/descendant::p:objective[not(@vision = 'true')]/@horizon"><y><xsl:value-of select="."/></y></xsl:for-each>
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
      <xsl:call-template name="svg-style"/>
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
              <title><xsl:value-of select="@n"/>. <xsl:value-of select="@title"/></title>
              <xsl:value-of select="@n"/>
              <xsl:text>. </xsl:text>
              <xsl:call-template name="clip"><xsl:with-param name="s" select="@title"/><xsl:with-param name="n" select="44 - 2 * @depth"/></xsl:call-template>
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
      <xsl:for-each select="/p:program/p:section/descendant::p:objective[@horizon &gt; $y1]">
        <xsl:if test="position() = 1">
          <text x="{$g-x1}" y="{$g-top - 24}" class="m-label m-horizon-l" text-anchor="end">
            <xsl:call-template name="w"><xsl:with-param name="id" select="'vision'"/></xsl:call-template>
            <xsl:text> </xsl:text>
            <xsl:value-of select="@horizon"/>
            <xsl:text> →</xsl:text>
          </text>
        </xsl:if>
      </xsl:for-each>
      <xsl:for-each select="/p:program/p:section/descendant::p:objective[@horizon &lt;= $y1][generate-id() = generate-id(key('horizon', @horizon)[1])]">
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
        <xsl:when test="@s != '' and (string($issued) = '' or @s &gt;= $issued)"><xsl:value-of select="@s"/></xsl:when>
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

  <!-- (b) responsibility matrix: agencies x tasks. An agency is its identity (the registry id the
       parser gave it, else its name folded as the rules fold it), one row however it is spelled,
       named by the registry (@registry-name, which render.c adds), else by its most frequent
       spelling that starts with a capital. Tasks are grouped under their
       group's number ("I", "II"), since each group numbers its tasks from 1. -->
  <xsl:variable name="agencies" select="set:distinct($model/m/@k)/.."/>
  <xsl:variable name="lower" select="'abcdefghijklmnopqrstuvwxyzđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ'"/>
  <xsl:variable name="upper" select="'ABCDEFGHIJKLMNOPQRSTUVWXYZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ'"/>

  <xsl:template name="agency-name">
    <xsl:param name="mine"/>
    <xsl:variable name="registry" select="$mine[@reg != ''][1]/@reg"/>
    <!-- one m per spelling, the first (set:distinct: linear in the mentions) -->
    <xsl:variable name="capital" select="set:distinct($mine/@name)/parent::m[translate(substring(@name, 1, 1), $upper, '') = '']"/>
    <xsl:choose>
      <xsl:when test="$registry"><xsl:value-of select="$registry"/></xsl:when>
      <xsl:when test="$capital">
        <xsl:for-each select="$capital">
          <xsl:sort select="count(key('m-spelling', concat(@k, '|', @name)))" data-type="number" order="descending"/>
          <xsl:if test="position() = 1"><xsl:value-of select="@name"/></xsl:if>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="translate(substring($mine[1]/@name, 1, 1), $lower, $upper)"/>
        <xsl:value-of select="substring($mine[1]/@name, 2)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:variable name="w-lead"><xsl:call-template name="w"><xsl:with-param name="id" select="'lead'"/></xsl:call-template></xsl:variable>
  <xsl:variable name="w-partner"><xsl:call-template name="w"><xsl:with-param name="id" select="'partner'"/></xsl:call-template></xsl:variable>
  <xsl:template name="matrix-svg" xmlns="http://www.w3.org/2000/svg">
    <xsl:variable name="nt" select="count($trows)"/>
    <xsl:variable name="cw" select="22"/>
    <xsl:variable name="lw" select="340"/>
    <xsl:variable name="rh" select="22"/>
    <xsl:variable name="top" select="44"/>
    <xsl:variable name="wd" select="$lw + $nt * $cw + 90"/>
    <xsl:variable name="ht" select="$top + count($agencies) * $rh + 10"/>
    <svg class="matrix" viewBox="0 0 {$wd} {$ht}" width="{$wd}" height="{$ht}" role="img">
      <title><xsl:call-template name="w"><xsl:with-param name="id" select="'matrix'"/></xsl:call-template></title>
      <xsl:call-template name="svg-style"/>
      <!-- group marks over their tasks, a rule between groups -->
      <xsl:for-each select="$trows">
        <xsl:variable name="g" select="@group"/>
        <xsl:if test="@span">
          <xsl:variable name="span" select="@span"/>
          <xsl:variable name="x" select="$lw + (position() - 1) * $cw"/>
          <xsl:if test="position() &gt; 1">
            <line x1="{$x}" y1="{$top - 38}" x2="{$x}" y2="{$ht - 10}" class="mx-sep"/>
          </xsl:if>
          <xsl:if test="string($g)">
            <text x="{$x + $span * $cw div 2}" y="{$top - 26}" class="mx-group" text-anchor="middle"><xsl:value-of select="$g"/></text>
          </xsl:if>
        </xsl:if>
        <text x="{$lw + (position() - 0.5) * $cw}" y="{$top - 8}" class="mx-head" text-anchor="middle"><xsl:value-of select="@n"/></text>
      </xsl:for-each>
      <text x="{$lw + $nt * $cw + 10}" y="{$top - 8}" class="mx-head">●/○</text>
      <xsl:for-each select="$agencies">
        <xsl:sort select="count(key('m-agency', @k)[@role = 'lead'])" data-type="number" order="descending"/>
        <xsl:sort select="count(key('m-agency', @k))" data-type="number" order="descending"/>
        <xsl:sort select="@name"/>
        <xsl:variable name="k" select="@k"/>
        <xsl:variable name="y" select="$top + (position() - 1) * $rh"/>
        <xsl:variable name="mine" select="key('m-agency', $k)"/>
        <xsl:variable name="name"><xsl:call-template name="agency-name"><xsl:with-param name="mine" select="$mine"/></xsl:call-template></xsl:variable>
        <xsl:if test="position() mod 2 = 1">
          <rect x="0" y="{$y}" width="{$wd}" height="{$rh}" class="mx-band"/>
        </xsl:if>
        <text x="4" y="{$y + 15}" class="mx-label">
          <title><xsl:value-of select="$name"/></title>
          <xsl:call-template name="clip"><xsl:with-param name="s" select="$name"/><xsl:with-param name="n" select="62"/></xsl:call-template>
        </text>
        <!-- its mentions only (a lead that is also named partner of the task shows as lead) -->
        <xsl:for-each select="$mine[@role = 'lead' or not(key('m-cell', concat(@task, '|', $k))[@role = 'lead'])]">
          <xsl:variable name="cx" select="$lw + (@i - 0.5) * $cw"/>
          <circle cx="{$cx}" cy="{$y + $rh div 2}" r="6" class="mx-{@role}">
            <xsl:if test="@role = 'partner'"><xsl:attribute name="r">5.5</xsl:attribute></xsl:if>
            <title><xsl:value-of select="@tg"/><xsl:if test="string(@tg)">.</xsl:if><xsl:value-of select="@tn"/>: <xsl:choose><xsl:when test="@role = 'lead'"><xsl:value-of select="$w-lead"/></xsl:when><xsl:otherwise><xsl:value-of select="$w-partner"/></xsl:otherwise></xsl:choose></title>
          </circle>
        </xsl:for-each>
        <text x="{$lw + $nt * $cw + 10}" y="{$y + 15}" class="mx-count">
          <xsl:value-of select="count($mine[@role = 'lead'])"/>/<xsl:value-of select="count($mine[@role = 'partner'])"/>
        </text>
      </xsl:for-each>
    </svg>
  </xsl:template>

  <!-- (c) coverage: the parent's missions (rows) by the program's missions (columns) -->
  <xsl:template name="coverage-svg" xmlns="http://www.w3.org/2000/svg">
    <xsl:variable name="parents" select="$model/cov[generate-id() = generate-id(key('cov-parent', @parent)[1])]"/>
    <xsl:variable name="ms" select="/p:program/p:section/p:mission"/>
    <xsl:variable name="lw" select="200"/>
    <xsl:variable name="cw" select="44"/>
    <xsl:variable name="rh" select="26"/>
    <xsl:variable name="top" select="34"/>
    <xsl:variable name="bx" select="$lw + count($ms) * $cw + 20"/>
    <xsl:variable name="wd" select="$bx + 260"/>
    <xsl:variable name="ht" select="$top + count($parents) * $rh + 40"/>
      <svg xmlns="http://www.w3.org/2000/svg" class="coverage" viewBox="0 0 {$wd} {$ht}" width="{$wd}" height="{$ht}" role="img">
        <title><xsl:call-template name="w"><xsl:with-param name="id" select="'coverage'"/></xsl:call-template></title>
        <xsl:call-template name="svg-style"/>
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
  </xsl:template>

</xsl:stylesheet>
