// Small DOM helpers shared by the imperative views.

/**
 * Sets an inline style property (custom properties included) only when its value changes:
 * writing an inline style, even an unchanged one, invalidates style.
 */
export function setStyle(el: HTMLElement, name: string, value: string): void {
  if (el.style.getPropertyValue(name) !== value) el.style.setProperty(name, value)
}
