import { useSimStore } from '../../store/simStore'
import { useUiStore } from '../../store/uiStore'
import { getPhaseCaption } from './phaseCaptions'

/** Guided mode's caption: the current phase, what happens in it and why. */
export function GuideCaption() {
  const guided = useUiStore((s) => s.guided)
  const phase = useSimStore((s) => s.frame?.phase ?? '')
  const playing = useSimStore((s) => s.frame?.playing ?? false)
  if (!guided) return null
  return (
    <section className="guide" aria-label="Guide" aria-live="polite">
      <h2 className="guide__phase">{phase || 'Start'}</h2>
      <p className="guide__text">
        {getPhaseCaption(phase) || 'Press Play to run the scenario up to its first phase.'}
      </p>
      <p className="guide__hint">
        {playing
          ? 'Playing to the next phase…'
          : 'Paused at this phase. Play (Space) goes on to the next; Step and Back (→ ←) walk one message at a time.'}
      </p>
    </section>
  )
}
