<?xml version="1.0" encoding="UTF-8"?>
<!-- stylesheets/common.xsl: what html.xsl and fo.xsl share (XSLT 1.0).
     Included by them; not a stylesheet on its own. Input: a compiled program (schemas/program.rng).
     Everything here returns text: the callers decide the markup. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:p="urn:apc:program:1"
    xmlns:src="urn:apc:source:1"
    xmlns:exsl="http://exslt.org/common"
    xmlns:set="http://exslt.org/sets"
    xmlns:str="http://exslt.org/strings"
    exclude-result-prefixes="p src exsl set str">

  <!-- "party" or "state": the program's own @format, else the shape of its symbol, else party
       (the programs apc was made for are mostly Party documents). -->
  <xsl:variable name="form">
    <xsl:choose>
      <xsl:when test="/p:program/@format = 'state'">state</xsl:when>
      <xsl:when test="/p:program/@format = 'party'">party</xsl:when>
      <xsl:when test="/p:program/p:meta/p:symbol/@shape = 'state' or /p:program/p:meta/p:symbol/@shape = 'legal'">state</xsl:when>
      <xsl:otherwise>party</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <!-- ===== apc's own words (the page's language: $lang, which render.c sets to the
       document's unless the lang option is given) ===== -->
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
    <w id="appendix" vi="Phụ lục" en="Appendix"/>
    <w id="contents" vi="Mục lục" en="Contents"/>
    <w id="signature" vi="Chữ ký, nơi nhận" en="Signature, recipients"/>
    <w id="missing" vi="Văn bản nguồn thiếu" en="Missing from the source"/>
    <w id="m-issuer" vi="tên cơ quan ban hành" en="the issuing body"/>
    <w id="m-superior" vi="tên cơ quan cấp trên" en="the superior body"/>
    <w id="m-symbol" vi="số, ký hiệu" en="the number and symbol"/>
    <w id="m-place" vi="địa danh" en="the place"/>
    <w id="m-date" vi="ngày tháng năm" en="the date"/>
    <w id="from-appendix" vi="lấy từ dòng “Kèm theo” của phụ lục" en="read from the appendix's “Kèm theo” line"/>
    <w id="pdf" vi="Bản PDF" en="PDF"/>
    <w id="chart-tasks" vi="Phụ lục có" en="The appendix has"/>
    <w id="chart-too-many" vi="nhiệm vụ, quá nhiều để vẽ biểu đồ này trên trang PDF; trang HTML có biểu đồ này." en="tasks, too many to draw this chart on a PDF page; the HTML page has it."/>
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

  <!-- ===== keys and stable anchors (ids in HTML and XSL-FO, targets of links) ===== -->
  <xsl:key name="task-n" match="p:task" use="@n"/>
  <xsl:key name="mission-n" match="p:mission" use="@n"/>
  <xsl:key name="section-n" match="p:section" use="@n"/>
  <xsl:key name="group-n" match="p:group" use="@n"/>
  <xsl:key name="block-line" match="p:p | p:item" use="@src:line"/>

  <!-- The task and group numbers more than one element carries (groups number their tasks from
       1): such an anchor adds the line or an id. Counted once per distinct number, since libxslt
       copies what key() returns (counting at each task is quadratic in a long appendix). -->
  <xsl:variable name="dup-rtf">
    <xsl:for-each select="set:distinct(//p:task/@n)">
      <xsl:if test="key('task-n', .)[2]"><t n="{.}"/></xsl:if>
    </xsl:for-each>
    <xsl:for-each select="set:distinct(//p:group/@n)">
      <xsl:if test="key('group-n', .)[2]"><g n="{.}"/></xsl:if>
    </xsl:for-each>
  </xsl:variable>
  <xsl:variable name="dups" select="exsl:node-set($dup-rtf)"/>
  <xsl:variable name="dup-tasks" select="boolean($dups/t)"/>
  <xsl:variable name="dup-groups" select="boolean($dups/g)"/>
  <xsl:key name="dup-task" match="t" use="@n"/>
  <xsl:key name="dup-group" match="g" use="@n"/>

  <xsl:template match="*" mode="anchor">
    <xsl:value-of select="concat(local-name(), '-', generate-id())"/>
  </xsl:template>
  <xsl:template match="p:task" mode="anchor">
    <xsl:variable name="n" select="string(@n)"/>
    <xsl:variable name="dup"><xsl:if test="$dup-tasks"><xsl:for-each select="$dups"><xsl:if test="key('dup-task', $n)">1</xsl:if></xsl:for-each></xsl:if></xsl:variable>
    <xsl:choose>
      <xsl:when test="@n and string($dup) = ''">task-<xsl:value-of select="translate(@n, ' ', '_')"/></xsl:when>
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
    <xsl:variable name="n" select="string(@n)"/>
    <xsl:variable name="dup"><xsl:if test="$dup-groups"><xsl:for-each select="$dups"><xsl:if test="key('dup-group', $n)">1</xsl:if></xsl:for-each></xsl:if></xsl:variable>
    <xsl:choose>
      <xsl:when test="@n and string($dup) = ''">group-<xsl:value-of select="translate(@n, ' ', '_')"/></xsl:when>
      <xsl:otherwise>group-<xsl:value-of select="translate(@n, ' ', '_')"/>-<xsl:value-of select="generate-id()"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <!-- a plan in parts (Phần I, Phần II) numbers the sections of each part from I again: a
       repeated number adds the section's place (FOP refuses a document with an id twice) -->
  <xsl:template match="p:section" mode="anchor">
    <xsl:text>section-</xsl:text><xsl:value-of select="translate(@n, ' ', '_')"/>
    <xsl:if test="count(key('section-n', @n)) &gt; 1">-<xsl:value-of select="count(preceding-sibling::p:section) + 1"/></xsl:if>
  </xsl:template>
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

  <!-- ===== citations in the title and the preamble: the words that cite a document (implements,
       cites) keep its symbol on one line ("45-" / "CTr/TU" is never broken at the hyphen), and
       those citing a parent with a page (implements/@page, which driver.c sets from the tree's
       pages or the library) link to it. The caller defines the templates "parent-link" (params
       href, text, symbol) and "nowrap" (param s), which draw them. ===== -->
  <xsl:variable name="citations" select="/p:program/p:implements[normalize-space(.) != ''] | /p:program/p:cites[normalize-space(.) != '']"/>
  <xsl:template name="cited-text">
    <xsl:param name="s"/>
    <xsl:param name="links" select="$citations"/>
    <xsl:variable name="w" select="normalize-space($links[1])"/>
    <xsl:choose>
      <xsl:when test="not($links)"><xsl:value-of select="$s"/></xsl:when>
      <xsl:when test="contains($s, $w)">
        <xsl:call-template name="cited-text">
          <xsl:with-param name="s" select="substring-before($s, $w)"/>
          <xsl:with-param name="links" select="$links[position() &gt; 1]"/>
        </xsl:call-template>
        <xsl:choose>
          <xsl:when test="$links[1]/@page != ''">
            <xsl:call-template name="parent-link">
              <xsl:with-param name="href" select="string($links[1]/@page)"/>
              <xsl:with-param name="text" select="$w"/>
              <xsl:with-param name="symbol" select="string($links[1]/@ref)"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="symbol-text">
              <xsl:with-param name="s" select="$w"/>
              <xsl:with-param name="symbol" select="string($links[1]/@ref)"/>
            </xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:call-template name="cited-text">
          <xsl:with-param name="s" select="substring-after($s, $w)"/>
          <xsl:with-param name="links" select="$links[position() &gt; 1]"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="cited-text">
          <xsl:with-param name="s" select="$s"/>
          <xsl:with-param name="links" select="$links[position() &gt; 1]"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <!-- s with its symbol kept on one line -->
  <xsl:template name="symbol-text">
    <xsl:param name="s"/>
    <xsl:param name="symbol"/>
    <xsl:choose>
      <xsl:when test="$symbol != '' and contains($s, $symbol)">
        <xsl:value-of select="substring-before($s, $symbol)"/>
        <xsl:call-template name="nowrap"><xsl:with-param name="s" select="$symbol"/></xsl:call-template>
        <xsl:value-of select="substring-after($s, $symbol)"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <!-- a block's text: its citations marked in the title and the preamble, where they stand -->
  <xsl:template name="block-text">
    <xsl:param name="s" select="normalize-space(.)"/>
    <xsl:choose>
      <xsl:when test="$citations and (ancestor::p:preamble or ancestor::p:meta)">
        <xsl:call-template name="cited-text"><xsl:with-param name="s" select="$s"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A decision's formula and articles, as the parser marks them in the preamble: the formula
       ('QUYẾT ĐỊNH:', 'NGHỊ QUYẾT:', 'QUYẾT NGHỊ:') is a line of its own, centred and bold, and an
       article (p/@id article-N) opens with its label ('Điều 1.') in bold, as decisions are
       printed. decision-part: 'formula', 'article' or nothing; article-label: 'Điều N.'. -->
  <xsl:template name="decision-part">
    <xsl:if test="parent::p:preamble">
      <xsl:variable name="t" select="translate(normalize-space(.), ':', '')"/>
      <xsl:choose>
        <xsl:when test="$t = 'QUYẾT ĐỊNH' or $t = 'NGHỊ QUYẾT' or $t = 'QUYẾT NGHỊ'">formula</xsl:when>
        <xsl:when test="starts-with(@id, 'article-') and starts-with(normalize-space(.), 'Điều ') and contains(normalize-space(.), '.')">article</xsl:when>
      </xsl:choose>
    </xsl:if>
  </xsl:template>
  <xsl:template name="article-label">
    <xsl:value-of select="concat(substring-before(normalize-space(.), '.'), '.')"/>
  </xsl:template>

  <!-- The mission an appendix group carries out: the one its @mission names; when no group names
       one and the appendix has one group per mission, the mission in the same place. Context: a
       group. Returns the mission's anchor, or nothing. -->
  <xsl:variable name="groups-by-place" select="not(/p:program/p:appendix//p:group[@mission])
      and count(/p:program/p:appendix[1]/p:group) = count(/p:program/p:section/p:mission)"/>
  <xsl:template name="group-mission-anchor">
    <xsl:variable name="named" select="key('mission-n', @mission)[1]"/>
    <xsl:choose>
      <xsl:when test="@mission and $named"><xsl:apply-templates select="$named" mode="anchor"/></xsl:when>
      <xsl:when test="$groups-by-place and not(@mission) and parent::p:appendix and not(../preceding-sibling::p:appendix)">
        <xsl:apply-templates select="/p:program/p:section/p:mission[count(current()/preceding-sibling::p:group) + 1]" mode="anchor"/>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- Page margins of the standards (FACTS.md section 3), top right bottom left. -->
  <xsl:variable name="margin-top"><xsl:choose><xsl:when test="$form = 'state'">20mm</xsl:when><xsl:otherwise>25mm</xsl:otherwise></xsl:choose></xsl:variable>
  <xsl:variable name="margin-bottom"><xsl:choose><xsl:when test="$form = 'state'">20mm</xsl:when><xsl:otherwise>25mm</xsl:otherwise></xsl:choose></xsl:variable>
  <xsl:variable name="margin-left"><xsl:choose><xsl:when test="$form = 'state'">30mm</xsl:when><xsl:otherwise>35mm</xsl:otherwise></xsl:choose></xsl:variable>
  <xsl:variable name="margin-right">15mm</xsl:variable>

  <!-- The symbol as the header prints it: "Số 219-CTr/TU" (Party) or "Số: 45/KH-UBND" (State). -->
  <xsl:template name="symbol-line">
    <xsl:variable name="s" select="/p:program/p:meta/p:symbol"/>
    <xsl:if test="$s">
      <xsl:choose>
        <xsl:when test="$form = 'state'">Số: </xsl:when>
        <xsl:otherwise>Số </xsl:otherwise>
      </xsl:choose>
      <xsl:choose>
        <xsl:when test="$s/@canonical"><xsl:value-of select="$s/@canonical"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="normalize-space($s)"/></xsl:otherwise>
      </xsl:choose>
    </xsl:if>
  </xsl:template>

  <!-- "Lào Cai, ngày 22 tháng 5 năm 2023": days below 10 and months 1 and 2 take a leading zero
       (Nghị định 30/2020, Hướng dẫn 36-HD/VPTW). Falls back to the date as written. -->
  <xsl:template name="place-date">
    <xsl:variable name="m" select="/p:program/p:meta"/>
    <xsl:if test="$m/p:place">
      <xsl:value-of select="normalize-space($m/p:place)"/>
      <xsl:text>, </xsl:text>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="string-length($m/p:date/@iso) = 10">
        <xsl:variable name="d" select="number(substring($m/p:date/@iso, 9, 2))"/>
        <xsl:variable name="mo" select="number(substring($m/p:date/@iso, 6, 2))"/>
        <xsl:text>ngày </xsl:text>
        <xsl:if test="$d &lt; 10">0</xsl:if>
        <xsl:value-of select="$d"/>
        <xsl:text> tháng </xsl:text>
        <xsl:if test="$mo &lt; 3">0</xsl:if>
        <xsl:value-of select="$mo"/>
        <xsl:text> năm </xsl:text>
        <xsl:value-of select="substring($m/p:date/@iso, 1, 4)"/>
      </xsl:when>
      <xsl:when test="$m/p:date"><xsl:value-of select="normalize-space($m/p:date)"/></xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- ISO date to d/m/yyyy (the short form used in citations and charts). -->
  <xsl:template name="date-short">
    <xsl:param name="iso"/>
    <xsl:choose>
      <xsl:when test="string-length($iso) = 10">
        <xsl:value-of select="number(substring($iso, 9, 2))"/>/<xsl:value-of select="number(substring($iso, 6, 2))"/>/<xsl:value-of select="substring($iso, 1, 4)"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$iso"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The mark before a lettered or numbered item: "a)", "1.", or its own mark ("-", "+"). -->
  <xsl:template name="item-mark">
    <xsl:choose>
      <xsl:when test="@mark"><xsl:value-of select="@mark"/></xsl:when>
      <xsl:when test="@n and translate(@n, '0123456789.', '') = ''"><xsl:value-of select="@n"/>.</xsl:when>
      <xsl:when test="@n"><xsl:value-of select="@n"/>)</xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- A heading's number as the source writes it: @label ("4)", "2 -") when the parser kept one,
       else "N." ("I.", "2.1."). Context: section, subsection, objective, mission. -->
  <xsl:template name="heading-number">
    <xsl:choose>
      <xsl:when test="@label"><xsl:value-of select="@label"/></xsl:when>
      <xsl:when test="@n"><xsl:value-of select="@n"/>.</xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- The text of a heading with its number: "I. TÌNH HÌNH", "2.1. Đến năm 2030". -->
  <xsl:template name="numbered-title">
    <xsl:if test="@n">
      <xsl:call-template name="heading-number"/>
      <xsl:text> </xsl:text>
    </xsl:if>
    <xsl:value-of select="normalize-space(p:title)"/>
  </xsl:template>

  <!-- A numbered point without a title ("4. Đề nghị Ủy ban MTTQ…") is its number and its
       paragraphs: the first block of an untitled numbered heading starts with the number.
       Context: a p or item. Returns "4." or nothing. -->
  <xsl:template name="lead-number">
    <xsl:variable name="h" select="parent::p:subsection | parent::p:objective | parent::p:mission"/>
    <xsl:if test="$h/@n and not($h/p:title) and not(preceding-sibling::*)">
      <xsl:for-each select="$h"><xsl:call-template name="heading-number"/></xsl:for-each>
    </xsl:if>
  </xsl:template>

  <!-- A recipient as the source lists it: "- Văn phòng Chính phủ;" -->
  <xsl:template name="recipient-line">
    <xsl:text>- </xsl:text>
    <xsl:value-of select="normalize-space(.)"/>
    <xsl:value-of select="@end"/>
  </xsl:template>

  <!-- The issuer on the lines the standard breaks it into (the source's own break is not in the
       tree): "ỦY BAN NHÂN DÂN" / "TỈNH QUẢNG TRỊ". The prefixes are the bodies whose name is
       followed by their territory. Returns an <l> per line (callers use exsl:node-set). -->
  <xsl:variable name="issuer-prefixes-rtf">
    <pre>ỦY BAN NHÂN DÂN </pre><pre>UỶ BAN NHÂN DÂN </pre><pre>HỘI ĐỒNG NHÂN DÂN </pre>
    <pre>BAN CHẤP HÀNH ĐẢNG BỘ </pre><pre>ĐẢNG ỦY </pre><pre>ĐẢNG BỘ </pre>
  </xsl:variable>
  <xsl:template name="issuer-lines">
    <xsl:param name="s"/>
    <!-- the source's own lines (issuer/@lines: the length of each), when they fit s -->
    <xsl:param name="lines" select="''"/>
    <xsl:variable name="ns" select="str:tokenize(string($lines), ' ')"/>
    <xsl:choose>
      <xsl:when test="count($ns) &gt; 1 and sum($ns) + count($ns) - 1 = string-length($s)">
        <xsl:call-template name="source-lines"><xsl:with-param name="s" select="$s"/><xsl:with-param name="ns" select="$ns"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="standard-lines"><xsl:with-param name="s" select="$s"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template name="source-lines">
    <xsl:param name="s"/>
    <xsl:param name="ns"/>
    <xsl:choose>
      <xsl:when test="count($ns) &gt; 1">
        <l><xsl:value-of select="substring($s, 1, $ns[1])"/></l>
        <xsl:call-template name="source-lines">
          <xsl:with-param name="s" select="substring($s, $ns[1] + 2)"/>
          <xsl:with-param name="ns" select="$ns[position() &gt; 1]"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><l><xsl:value-of select="$s"/></l></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <!-- one line in the source: broken after the body's kind, as the standard lays it out -->
  <xsl:template name="standard-lines">
    <xsl:param name="s"/>
    <xsl:variable name="u" select="translate($s, 'abcdefghijklmnopqrstuvwxyzđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ', 'ABCDEFGHIJKLMNOPQRSTUVWXYZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ')"/>
    <xsl:variable name="pre" select="exsl:node-set($issuer-prefixes-rtf)/pre[starts-with($u, .) and string-length($u) &gt; string-length(.)][1]"/>
    <xsl:choose>
      <xsl:when test="$pre">
        <l><xsl:value-of select="substring($s, 1, string-length($pre) - 1)"/></l>
        <l><xsl:value-of select="substring($s, string-length($pre) + 1)"/></l>
      </xsl:when>
      <xsl:otherwise><l><xsl:value-of select="$s"/></l></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The date line as the source writes it ("Quảng Trị, ngày 27 tháng 7 năm 2024"); a date read
       elsewhere (the appendix's "Kèm theo" line) in the standard's words. -->
  <xsl:template name="place-date-as-written">
    <xsl:variable name="m" select="/p:program/p:meta"/>
    <xsl:choose>
      <xsl:when test="starts-with(normalize-space($m/p:date), 'ngày')">
        <xsl:if test="$m/p:place">
          <xsl:value-of select="normalize-space($m/p:place)"/>
          <xsl:text>, </xsl:text>
        </xsl:if>
        <xsl:value-of select="normalize-space($m/p:date)"/>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="place-date"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- An agency as a table cell shows it: every lead (or partner) of a task, joined by "; ". -->
  <xsl:template name="agencies">
    <xsl:param name="nodes"/>
    <xsl:for-each select="$nodes">
      <xsl:if test="position() &gt; 1">; </xsl:if>
      <xsl:value-of select="normalize-space(.)"/>
    </xsl:for-each>
  </xsl:template>

  <!-- Default appendix header when the program has no <columns>. -->
  <xsl:template name="default-column-label">
    <xsl:param name="key"/>
    <xsl:choose>
      <xsl:when test="$key = 'number'">TT</xsl:when>
      <xsl:when test="$key = 'task'">Nhiệm vụ</xsl:when>
      <xsl:when test="$key = 'lead'">Cơ quan chủ trì</xsl:when>
      <xsl:when test="$key = 'partner'">Cơ quan phối hợp</xsl:when>
      <xsl:when test="$key = 'timeline'">Thời gian thực hiện</xsl:when>
      <xsl:otherwise><xsl:value-of select="$key"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
