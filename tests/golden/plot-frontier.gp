# plot-frontier.gp - throughput against latency: the Pareto frontier of each format,
# the canonical design (open symbols, one per batch) and the latency bounds.
# Written by dse plot from frontier.json; reads plot-frontier.dat.
# Edit and rerun in this folder: gnuplot plot-frontier.gp

set encoding utf8

# Images written: a gnuplot terminal and a file name each.
array terminal[3] = [ \
	'pngcairo size 1500,1000 font "Sans,9" fontscale 2 linewidth 2 noenhanced', \
	'svg size 1500,1000 font "Sans,9" fontscale 2 linewidth 2 noenhanced background "white"', \
	'pdfcairo size 10.4in,6.93in font "Sans,9" linewidth 2 noenhanced']
array output[3] = ['plot-frontier.png', 'plot-frontier.svg', 'plot-frontier.pdf']

set border lw 1
set grid xtics ytics mxtics mytics lt 1 lc rgb "#dddddd" lw 0.5, lt 1 lc rgb "#eeeeee" lw 0.5
set key opaque box lc rgb "#bbbbbb" spacing 1.2 samplen 2.5
set tics nomirror out

# One line style per format: format k is style k.
set style line 1 lc rgb "#0072B2" lw 2 dt 1 pt 7 ps 1  # hbfp8_576
set style line 2 lc rgb "#D55E00" lw 2 dt 2 pt 5 ps 1  # bf16
set style line 3 lc rgb "#009E73" lw 2 dt 4 pt 9 ps 1  # int8
# canonical design of format k: style 100 + k
set style line 101 lc rgb "#0072B2" lw 1.5 dt 3 pt 6 ps 1.3
set style line 102 lc rgb "#D55E00" lw 1.5 dt 3 pt 4 ps 1.3
set style line 103 lc rgb "#009E73" lw 1.5 dt 3 pt 8 ps 1.3

set title 'Throughput against latency: Pareto frontier per format' . "\n" . 'n7, lstm; budget 300 mm², 75 W, 75 MB SRAM'
set xlabel "latency of a batch (µs)"
set ylabel "throughput (TOp/s)"
set logscale xy
set format xy "%g"
set xrange [20:5000]
set xtics add (20, 50, 200, 500, 2000, 5000)
set yrange [0.2:1000]
set key bottom left
set key title 'canonical: ws 128×128, batch 1–64' left

# Latency bounds of the study (us), as guides labelled on top
set tmargin 5.5
set title offset 0, 1.2
set arrow from 25, graph 0 to 25, graph 1 nohead back dt 3 lw 1 lc rgb "#777777"
set label "25 µs" at 25, graph 1 center offset 0, char 0.8 tc rgb "#555555"
set arrow from 50, graph 0 to 50, graph 1 nohead back dt 3 lw 1 lc rgb "#777777"
set label "50 µs" at 50, graph 1 center offset 0, char 0.8 tc rgb "#555555"
set arrow from 100, graph 0 to 100, graph 1 nohead back dt 3 lw 1 lc rgb "#777777"
set label "100 µs" at 100, graph 1 center offset 0, char 0.8 tc rgb "#555555"
set arrow from 250, graph 0 to 250, graph 1 nohead back dt 3 lw 1 lc rgb "#777777"
set label "250 µs" at 250, graph 1 center offset 0, char 0.8 tc rgb "#555555"
set arrow from 500, graph 0 to 500, graph 1 nohead back dt 3 lw 1 lc rgb "#777777"
set label "500 µs" at 500, graph 1 center offset 0, char 0.8 tc rgb "#555555"

do for [i = 1:|terminal|] {
	eval "set terminal " . terminal[i]
	set output output[i]
	plot 'plot-frontier.dat' index 0 using 1:2 with linespoints ls 1 title 'hbfp8_576', \
	     'plot-frontier.dat' index 1 using 1:2 with linespoints ls 2 title 'bf16', \
	     'plot-frontier.dat' index 2 using 1:2 with linespoints ls 3 title 'int8', \
	     'plot-frontier.dat' index 3 using 1:2 with linespoints ls 101 title 'hbfp8_576 canonical', \
	     'plot-frontier.dat' index 4 using 1:2 with linespoints ls 102 title 'bf16 canonical', \
	     'plot-frontier.dat' index 5 using 1:2 with linespoints ls 103 title 'int8 canonical'
	set output
}
