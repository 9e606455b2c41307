import { type Selection, select } from 'd3'
import {
  type ArrowHead,
  type ColorRole,
  type DisplayList,
  type DrawOp,
  FONTS,
  getArrowHeadPath,
  type TextOp,
} from './drawOps'
import { getColor, type TimelinePalette } from './timelinePalette'

type Parent = Selection<SVGSVGElement, unknown, null, undefined>
type Shape = Selection<SVGElement, unknown, null, undefined>

/**
 * `list` as SVG elements in `svg` (replacing what it held), with colours and fonts written as
 * attributes so the file needs no stylesheet: the vector twin of the canvas, for export.
 */
export function drawTimelineSvg(
  svg: SVGSVGElement,
  list: DisplayList,
  palette: TimelinePalette,
): void {
  const root = select(svg)
    .attr('width', list.width)
    .attr('height', Math.max(list.height, 1))
    .attr('class', 'seq-timeline__rows-export')
  root.selectAll('*').remove()
  for (const op of list.ops) if (!op.screenOnly) appendOp(root, op, palette)
}

function appendOp(root: Parent, op: DrawOp, palette: TimelinePalette): void {
  switch (op.type) {
    case 'rect': {
      const rect = root
        .append('rect')
        .attr('x', op.x)
        .attr('y', op.y)
        .attr('width', op.width)
        .attr('height', op.height)
      if (op.radius) rect.attr('rx', op.radius)
      setPaint(rect as unknown as Shape, op, palette)
      break
    }
    case 'line': {
      const line = root
        .append('line')
        .attr('x1', op.x1)
        .attr('y1', op.y1)
        .attr('x2', op.x2)
        .attr('y2', op.y2)
      setPaint(line as unknown as Shape, op, palette)
      if (op.head && op.stroke) appendHead(root, op.head, op.stroke, op.opacity, palette)
      break
    }
    case 'path': {
      const path = root.append('path').attr('d', op.d)
      setPaint(path as unknown as Shape, op, palette)
      if (op.head && op.stroke) appendHead(root, op.head, op.stroke, op.opacity, palette)
      break
    }
    case 'text':
      appendText(root, op, palette)
      break
  }
}

function setPaint(shape: Shape, op: Exclude<DrawOp, TextOp>, palette: TimelinePalette): void {
  shape.attr('fill', op.fill ? getColor(palette, op.fill) : 'none')
  if (op.fillOpacity !== undefined) shape.attr('fill-opacity', op.fillOpacity)
  if (op.stroke) {
    shape.attr('stroke', getColor(palette, op.stroke)).attr('stroke-width', op.strokeWidth ?? 1)
  }
  if (op.dash) shape.attr('stroke-dasharray', op.dash.join(' '))
  if (op.opacity !== undefined) shape.attr('opacity', op.opacity)
}

function appendHead(
  root: Parent,
  head: ArrowHead,
  role: ColorRole,
  opacity: number | undefined,
  palette: TimelinePalette,
): void {
  const color = getColor(palette, role)
  const path = root.append('path').attr('d', getArrowHeadPath(head))
  if (head.kind === 'filled') path.attr('fill', color)
  else path.attr('fill', 'none').attr('stroke', color).attr('stroke-width', 1.5)
  if (opacity !== undefined) path.attr('opacity', opacity)
}

function appendText(root: Parent, op: TextOp, palette: TimelinePalette): void {
  const font = FONTS[op.font]
  const text = root
    .append('text')
    .attr('class', `seq-timeline__${op.kind}`)
    .attr('x', op.x)
    .attr('y', op.y)
    .attr('text-anchor', op.anchor)
    .attr('font-family', palette.fontFamily)
    .attr('font-size', font.size)
    .attr('font-weight', font.weight)
    .attr('fill', getColor(palette, op.fill))
    .text(op.text)
  if (font.style !== 'normal') text.attr('font-style', font.style)
  if (font.letterSpacing) text.attr('letter-spacing', font.letterSpacing)
  if (op.opacity !== undefined) text.attr('opacity', op.opacity)
}
