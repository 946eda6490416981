<?xml version="1.0" encoding="UTF-8"?>
<!-- stylesheets/common.xsl: what html.xsl and fo.xsl share (XSLT 1.0).
     Included by them; not a stylesheet on its own. Input: a compiled program (schemas/program.rng).
     Everything here returns text: the callers decide the markup. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:p="urn:apc:program:1"
    xmlns:src="urn:apc:source:1"
    exclude-result-prefixes="p src">

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

  <!-- The text of a heading with its number: "I. TÌNH HÌNH", "2.1. Đến năm 2030". -->
  <xsl:template name="numbered-title">
    <xsl:if test="@n">
      <xsl:value-of select="@n"/>
      <xsl:text>. </xsl:text>
    </xsl:if>
    <xsl:value-of select="normalize-space(p:title)"/>
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
