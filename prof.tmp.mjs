const { buildRunPlan } = await import('./dist/run/run-plan.js');
for (let i = 0; i < 8; i++) { const p = await buildRunPlan(['/tmp/pl/specs100'], '/tmp'); p.dispose(); }
